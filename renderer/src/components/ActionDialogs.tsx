/** The confirmations before an action changes the system, naming exactly what it will touch. */
import { useEffect, useState } from 'react';
import type { ProcessInfo } from '../../../main/common/types';
import { useServices, useUi } from '../app/app-context';
import { describeConnection } from '../app/row-actions';
import { Dialog } from './Dialog';

export function ConfirmClose({ rowId, onClose }: { rowId: string; onClose(): void }) {
  const { grid, rowActions } = useServices();
  const data = grid.row(rowId);
  if (!data) return null;
  const { row } = data;
  return (
    <Dialog
      title="Close this connection?"
      onClose={onClose}
      testId="confirm-close"
      actions={
        <>
          <button type="button" className="button" onClick={onClose} data-autofocus>
            Cancel
          </button>
          <button
            type="button"
            className="button button-danger"
            data-testid="confirm-close-yes"
            onClick={() => void rowActions.close(data)}
          >
            Close connection
          </button>
        </>
      }
    >
      <p className="mono" data-testid="confirm-close-endpoints">
        {describeConnection(data)}
      </p>
      <p>
        {row.pid === null ? 'Owned by no process' : `Owned by ${row.processName ?? 'a process'} (PID ${row.pid})`}, {row.state}.
      </p>
      <p className="muted">The OS aborts it at once; both ends see a reset. The program using it may not expect that.</p>
    </Dialog>
  );
}

export function ConfirmEnd({ pid, name, force, onClose }: { pid: number; name: string | null; force: boolean; onClose(): void }) {
  const { connection, rowActions } = useServices();
  const windows = useUi((state) => state.status?.source === 'win32');
  const [info, setInfo] = useState<ProcessInfo | null>(null);
  useEffect(() => {
    let live = true;
    connection.api
      .getProcess({ pid })
      .then((value) => live && setInfo(value))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [connection, pid]);
  const how = windows ? 'TerminateProcess' : force ? 'SIGKILL' : 'SIGTERM';
  return (
    <Dialog
      title={force ? `Force ${name ?? 'the process'} to end?` : `End ${name ?? 'the process'}?`}
      onClose={onClose}
      testId="confirm-end"
      actions={
        <>
          <button type="button" className="button" onClick={onClose} data-autofocus>
            {force ? 'Leave it running' : 'Cancel'}
          </button>
          <button
            type="button"
            className="button button-danger"
            data-testid="confirm-end-yes"
            onClick={() => void rowActions.end(pid, name, force)}
          >
            {force ? 'Force it to end' : 'End process'}
          </button>
        </>
      }
    >
      {force && <p data-testid="still-running">It is still running 3 s after being asked to exit (SIGTERM).</p>}
      <dl className="process-details">
        <div>
          <dt>Process</dt>
          <dd className="mono">{name ?? info?.name ?? '(unknown)'}</dd>
        </div>
        <div>
          <dt>PID</dt>
          <dd className="mono">{pid}</dd>
        </div>
        <div>
          <dt>Executable</dt>
          <dd className="mono" data-testid="confirm-end-exe">
            {info?.exePath ?? 'unavailable'}
          </dd>
        </div>
      </dl>
      <p className="muted">
        {how === 'SIGTERM'
          ? 'It is asked to exit (SIGTERM); if it is still there after a few seconds, you can force it.'
          : `It is stopped at once (${how}), without a chance to save anything.`}
      </p>
    </Dialog>
  );
}
