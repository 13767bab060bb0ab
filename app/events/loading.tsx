export default function Loading() {
  return (
    <div role="status" aria-label="Loading the event" className="flex max-w-4xl animate-pulse flex-col gap-3">
      <div className="h-6 w-64 rounded bg-slate-200" />
      <div className="h-4 w-96 rounded bg-slate-200" />
      <div className="h-40 rounded-md border border-slate-200 bg-white" />
      <div className="h-64 rounded-md bg-slate-800/80" />
    </div>
  );
}
