/**
 * Decodes a table as decodeTable does, but hands back the previous poll's DecodedEntry (the very
 * same object, its row included) for a row whose bytes did not change: a steady poll then costs a
 * comparison of a few words a row instead of a decode (address text, FILETIME → ISO) and a new
 * object for the differ to match. Still pure: bytes in, entries out, no OS call.
 *
 * The comparison covers every field the decoder reads, and only the low 16 bits of the port
 * DWORDs (the high 16 may be uninitialized, so they may differ for the same connection);
 * OwningModuleInfo is opaque and not compared. The calls return sorted tables, so, as the Linux
 * source does with the kernel's order, a row's previous self is looked for a few rows ahead of
 * where the last match was; a row not found there is decoded anew.
 */
import {
  asBuffer,
  decodeRow,
  rawState,
  tableExtent,
  type DecodedEntry,
  type DecodedTable,
  type SkippedRow,
} from './decode-tables';
import { TABLES, type RowLayout, type TableKind } from './layouts';

/** How far ahead in the previous table to look for a row before decoding it anew. */
const MATCH_WINDOW = 8;

/** The words of a row the decoder reads, with the bits of each that count (a port: its low 16). */
interface Signature {
  words: Int32Array;
  masks: Int32Array;
}

function signatureOf(row: RowLayout): Signature {
  const words: number[] = [];
  const masks: number[] = [];
  for (const field of Object.values(row.fields)) {
    if (field.type === 'opaque') continue;
    for (let b = 0; b < field.size; b += 4) {
      words.push((field.offset + b) >> 2);
      // A little-endian DWORD (x64 / arm64 only): the port's two bytes are its low 16 bits.
      masks.push(field.type === 'port' ? 0xffff : -1);
    }
  }
  return { words: Int32Array.from(words), masks: Int32Array.from(masks) };
}

export interface ReusedTable extends DecodedTable {
  /** For each entry, the index of the same entry (object) in the previous poll's entries; -1 if decoded anew. */
  previousIndex: Int32Array;
  /** For each of the previous poll's entries, its index in these entries; -1 if it is gone or changed. */
  currentIndexOf: Int32Array;
}

/** One table kind's decoder that remembers the previous poll. */
export class TableReuse {
  private readonly signature: Signature;
  private readonly rowWords: number;
  private previous: DecodedEntry[] = [];
  private previousSigs = new Int32Array(0);
  private sigs = new Int32Array(0);

  constructor(readonly kind: TableKind) {
    this.signature = signatureOf(TABLES[kind].row);
    this.rowWords = this.signature.words.length;
  }

  decode(bytes: Uint8Array): ReusedTable {
    const buf = asBuffer(bytes);
    const kind = this.kind;
    const layout = TABLES[kind];
    const { count, byteLength } = tableExtent(kind, buf);
    // Int32 views need 4-byte alignment: the IP Helper buffers are Buffer.alloc'd (offset 0); copy anything else.
    const aligned = buf.byteOffset % 4 === 0 ? buf : Buffer.from(buf);
    const w32 = new Int32Array(aligned.buffer, aligned.byteOffset, aligned.length >> 2);
    const { words, masks } = this.signature;
    const n = this.rowWords;
    if (this.sigs.length < count * n) this.sigs = new Int32Array(Math.max(count * n, this.sigs.length * 2));
    const sigs = this.sigs;
    const prev = this.previous;
    const prevSigs = this.previousSigs;
    const entries: DecodedEntry[] = new Array<DecodedEntry>(count);
    let e = 0;
    const skipped: SkippedRow[] = [];
    const previousIndex = new Int32Array(count);
    const currentIndexOf = new Int32Array(prev.length).fill(-1);
    let j = 0;
    for (let i = 0; i < count; i++) {
      const base = layout.rowsOffset + i * layout.row.size;
      const at = e * n;
      const baseWord = base >> 2;
      // Written and compared with the likeliest match (the row after the last match) in one pass.
      let diff = j < prev.length ? 0 : 1;
      for (let w = 0, pj = j * n; w < n; w++) {
        const v = w32[baseWord + words[w]] & masks[w];
        sigs[at + w] = v;
        diff |= v ^ prevSigs[pj + w];
      }
      let found = diff === 0 ? j : -1;
      for (let k = j + 1, end = Math.min(j + MATCH_WINDOW, prev.length); k < end && found < 0; k++) {
        let w = 0;
        const pk = k * n;
        while (w < n && prevSigs[pk + w] === sigs[at + w]) w++;
        if (w === n) found = k;
      }
      if (found >= 0) {
        const entry = prev[found];
        entry.offset = base;
        entries[e] = entry;
        previousIndex[e] = found;
        currentIndexOf[found] = e++;
        j = found + 1;
        continue;
      }
      const entry = decodeRow(kind, aligned, base);
      if (entry) {
        entries[e] = entry;
        previousIndex[e++] = -1;
      } else skipped.push({ index: i, state: rawState(kind, aligned, base) });
    }
    entries.length = e;
    // The signatures just written become the previous ones; the old array is written over next time.
    this.previous = entries;
    this.sigs = prevSigs.length >= sigs.length ? prevSigs : new Int32Array(sigs.length);
    this.previousSigs = sigs;
    return {
      kind,
      layout,
      count,
      entries,
      skipped,
      byteLength,
      previousIndex: previousIndex.subarray(0, entries.length),
      currentIndexOf,
    };
  }
}
