/** The trail archive as an event source for the Events page and the investigation (`source=archive`). */
export { openArchive, type ArchiveAccountView, type OpenArchive } from "./open-archive";
export { selectArchiveAccounts, streamArchiveEvents } from "./stream-archive-events";
