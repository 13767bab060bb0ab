export default function Loading() {
  return (
    <div role="status" aria-label="Loading insights" className="flex animate-pulse flex-col gap-4">
      <div className="h-7 w-40 rounded bg-slate-200" />
      <div className="h-48 rounded-md border border-slate-200 bg-white" />
    </div>
  );
}
