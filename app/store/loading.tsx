export default function Loading() {
  return (
    <div role="status" aria-label="Loading" className="mx-auto flex max-w-6xl animate-pulse flex-col gap-4">
      <div className="h-7 w-48 rounded bg-slate-200" />
      <div className="h-4 w-full max-w-2xl rounded bg-slate-200" />
      <div className="h-40 rounded-lg border border-slate-200 bg-white" />
      <div className="h-40 rounded-lg border border-slate-200 bg-white" />
    </div>
  );
}
