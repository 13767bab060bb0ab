export default function Loading() {
  return (
    <div role="status" aria-label="Loading" className="flex max-w-5xl animate-pulse flex-col gap-4">
      <div className="h-7 w-56 rounded bg-slate-200" />
      <div className="h-40 rounded-md border border-slate-200 bg-white" />
      <div className="h-80 rounded-md border border-slate-200 bg-white" />
    </div>
  );
}
