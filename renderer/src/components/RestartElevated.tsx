/**
 * "Restart as administrator" / "Restart as root", offered beside the status bar's count of hidden
 * owners where the desktop app can restart elevated (the session says what it would show, or why
 * it cannot). The web shell offers nothing: its session has no elevation.
 */
import { errorMessage } from '../../../main/common/errors';
import { useServices, useUi } from '../app/app-context';

export function RestartElevated() {
  const { connection, store } = useServices();
  const offer = useUi((state) => state.session?.elevation ?? null);
  if (!offer) return null;
  const restart = () => {
    // Refused here, it still says why on a click (a disabled button would say nothing to the keyboard).
    if (offer.refusal !== null) return store.setState({ notice: null, actionError: `${offer.label}: ${offer.refusal}` });
    store.setState({ notice: `${offer.label}: waiting for the prompt…`, actionError: null });
    connection.api.restartElevated().catch((error: unknown) => {
      store.setState({ notice: null, actionError: `${offer.label}: ${errorMessage(error)}` });
    });
  };
  return (
    <button
      type="button"
      className="button button-small"
      data-testid="restart-elevated"
      aria-disabled={offer.refusal !== null}
      title={offer.refusal === null ? offer.gain : `${offer.gain}. Not here: ${offer.refusal}`}
      onClick={restart}
    >
      {offer.label}
    </button>
  );
}
