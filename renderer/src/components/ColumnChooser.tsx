/** Show, hide and reorder columns (drag a header to move it, its edge to resize it), or reset them. */
import { useState } from 'react';
import { useServices } from '../app/app-context';
import { Dialog } from './Dialog';

export function ColumnChooser({ onClose }: { onClose(): void }) {
  const { grid, settings } = useServices();
  const [choices, setChoices] = useState(() => grid.columnChoices());
  // The grid reports its own state after each change; the list follows it.
  const changed = () => {
    settings.columnsChanged();
    setChoices(grid.columnChoices());
  };
  return (
    <Dialog
      title="Columns"
      onClose={onClose}
      testId="column-chooser"
      actions={
        <>
          <button
            type="button"
            className="button"
            data-testid="columns-reset"
            onClick={() => {
              settings.resetLayout();
              setChoices(grid.columnChoices());
            }}
          >
            Reset layout
          </button>
          <button type="button" className="button" onClick={onClose}>
            Done
          </button>
        </>
      }
    >
      <ul className="column-list">
        {choices.map((choice, index) => (
          <li key={choice.colId} data-testid={`column-${choice.colId}`}>
            <label>
              <input
                type="checkbox"
                checked={choice.visible}
                onChange={(event) => {
                  grid.setColumnVisible(choice.colId, event.target.checked);
                  changed();
                }}
              />
              {choice.headerName}
            </label>
            <span className="column-moves">
              <button
                type="button"
                className="button button-small"
                aria-label={`Move ${choice.headerName} up`}
                disabled={index === 0}
                onClick={() => {
                  grid.moveColumn(choice.colId, -1);
                  changed();
                }}
              >
                ↑
              </button>
              <button
                type="button"
                className="button button-small"
                aria-label={`Move ${choice.headerName} down`}
                disabled={index === choices.length - 1}
                onClick={() => {
                  grid.moveColumn(choice.colId, 1);
                  changed();
                }}
              >
                ↓
              </button>
            </span>
          </li>
        ))}
      </ul>
    </Dialog>
  );
}
