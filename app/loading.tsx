export default function Loading() {
  return (
    <div role="status" aria-label="Loading" className="flex animate-pulse flex-col gap-3">
      <div className="h-7 w-48 rounded bg-slate-200" />
      <div className="h-8 w-full max-w-3xl rounded bg-slate-200" />
      <div className="h-[calc(100vh-300px)] min-h-[360px] rounded-md border border-slate-200 bg-white" />
    </div>
  );
}
