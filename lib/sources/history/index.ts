/** Event history through LookupEvents: the per-source pager, the merged multi-source stream, single events. */
export {
  lookupPage,
  lookupPages,
  type LookupPage,
  type LookupParams,
  type Source,
  type Source as LookupSource,
} from "./lookup";
export { streamEvents } from "./stream-events";
export { findEventById } from "./find-event";
export { resolveSources } from "./sources";
export { SourceFailure, isAbort, toSourceError } from "../../aws/errors";
