"use client";

import { RouteError, type RouteErrorProps } from "@/components/ui/route-error";

export default function ErrorPage(props: RouteErrorProps) {
  return (
    <RouteError
      title="This event could not be loaded"
      exit={{ href: "/", label: "Back to the events" }}
      {...props}
    />
  );
}
