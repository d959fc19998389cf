/** A history query as a test of one event (with who owned its connection then). */
import type { HistoryQuery } from '../../common/contract/requests';
import { scopedAddress } from '../../common/endpoint-text';
import { eventSearchText, textMatcher } from '../../common/history-text';
import type { OwnedEvent } from './store-writer';

export type HistoryFilter = Omit<HistoryQuery, 'limit'>;

export function eventMatcher(query: HistoryFilter): (owned: OwnedEvent) => boolean {
  const since = query.since === undefined ? null : Date.parse(query.since);
  const until = query.until === undefined ? null : Date.parse(query.until);
  const text = query.text === undefined ? null : textMatcher(query.text);
  return ({ event, owner }) => {
    const row = event.connection;
    if (query.beforeSeq !== undefined && event.seq >= query.beforeSeq) return false;
    if (since !== null || until !== null) {
      const t = Date.parse(event.time);
      if ((since !== null && t < since) || (until !== null && t > until)) return false;
    }
    if (query.pid !== undefined && owner?.pid !== query.pid) return false;
    if (query.process !== undefined && owner?.processName !== query.process) return false;
    if (query.remote !== undefined && scopedAddress(row.remoteAddress, row.remoteScopeId) !== query.remote) return false;
    if (query.port !== undefined && row.localPort !== query.port && row.remotePort !== query.port) return false;
    if (query.state !== undefined && row.state !== query.state) return false;
    return text === null || text(eventSearchText(event, owner));
  };
}
