/**
 * The embedded event store (issue #11): a DuckDB file that caches events from Event history and the
 * trail archive, and remembers which time intervals of each source it holds completely.
 *
 * Contract for the layers built on it (routes, sync scheduler, import):
 * - `openStore(settings.store)` never throws for an unusable store: it answers `off`, `open` or
 *   `unavailable` with a StoreError whose message says what to do; the app then runs live, as today.
 * - An event is stored once: key (account, region, eventId), and eventId is unique per account, so
 *   the history and archive copies of one event dedupe (the first write is kept, with its `origin`).
 * - `writeEvents(…, { coverage })` stores a complete read of one source's interval and records that
 *   interval in the same transaction: coverage never runs ahead of the events it vouches for. A
 *   caller passes coverage only for an interval it read to the end (every page, no failure).
 * - `uncoveredIntervals(readCoverage(source), window)` is what still has to be read live.
 * - `queryStore` answers with matcher.ts's exact semantics, newest first (PAGE_ORDER), keyset-paged;
 *   `storeStats` gives whole-window facets and histogram buckets.
 * - Writes are serialized on one connection; reads use a small pool; all of it is async.
 * See docs/event-store.md.
 */

export { openStore, Store, type OpenStoreResult } from "./open-store";
export { StoreError, type StoreErrorKind } from "./errors";
export { SCHEMA_VERSION } from "./schema";
export {
  addInterval,
  coveredIntervals,
  isCovered,
  normalizeIntervals,
  readCoverage,
  uncoveredIntervals,
  type CoverageSource,
  type Interval,
} from "./coverage";
export {
  writeEvents,
  writeArchiveFiles,
  isImported,
  importedFilesUnder,
  type ArchiveFileBatch,
  type ImportedFile,
  type WriteOptions,
  type WriteResult,
} from "./write-events";
export { compilePage, compileWhere, PAGE_ORDER, type StoreCursor, type StoreQuery } from "./compile-query";
export { queryStore, type StorePage } from "./query-store";
export { storeStats, MAX_HISTOGRAM_BUCKETS, type HistogramBucket, type StoreStats } from "./stats";
export type { Origin } from "./event-row";
export { importArchive, type ArchiveTarget, type ImportProgress, type ImportProblem } from "./import-archive";
