import { useServices, useUi } from '../app/app-context';
import { pollErrorText, transportText } from '../app/status-text';

/** Poll failures, a lost connection, and what user actions did or why they failed: each its own line. */
export function Banners() {
  const { store } = useServices();
  const pollError = useUi((state) => pollErrorText(state.status));
  const transport = useUi((state) => transportText(state.transport));
  const actionError = useUi((state) => state.actionError);
  const notice = useUi((state) => state.notice);
  const refused = useUi((state) => state.transport === 'refused');

  return (
    <>
      {pollError && (
        <div className="banner banner-error" role="alert" data-testid="error-banner">
          {pollError}
        </div>
      )}
      {transport && (
        <div
          className={refused ? 'banner banner-error' : 'banner banner-warning'}
          role={refused ? 'alert' : 'status'}
          data-testid="connection-banner"
        >
          {transport}
        </div>
      )}
      {actionError && (
        <div className="banner banner-error" role="alert" data-testid="action-error">
          {actionError}
          <button type="button" className="banner-dismiss" onClick={() => store.getState().dismissActionError()}>
            Dismiss
          </button>
        </div>
      )}
      {notice && !actionError && (
        <div className="banner banner-notice" role="status" data-testid="notice">
          {notice}
          <button type="button" className="banner-dismiss" onClick={() => store.getState().dismissNotice()}>
            Dismiss
          </button>
        </div>
      )}
    </>
  );
}
