import type { Metadata } from "next";
import { StoreStatusView } from "@/components/store/store-status-view";

export const metadata: Metadata = { title: "Event store" };

export default function StorePage() {
  return (
    <div className="flex flex-col gap-3">
      <h1 className="text-lg font-semibold tracking-tight">Event store</h1>
      <p className="max-w-3xl text-sm text-slate-600">
        The local copy of Event history that answers views without API calls: per account and region, the time
        it holds completely, how far behind now it is, and the backfill of older days.
      </p>
      <StoreStatusView />
    </div>
  );
}
