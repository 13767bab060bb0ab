import type { AuditEvent } from "@/lib/events/audit-event";

/**
 * Facets: the most frequent values of a field in the loaded events, each tied to the URL parameter
 * that filters on it, so a click on a value narrows the view to it.
 */

export interface FacetDefinition {
  id: string;
  label: string;
  /** The query parameter (lib/query/event-query.ts) that selects one value of this field. */
  param: "username" | "eventName" | "eventSource" | "errorCode" | "region" | "client" | "identityType";
  value: (event: AuditEvent) => string | null;
}

export const FACETS: readonly FacetDefinition[] = [
  // Username is what LookupEvents filters on (an assumed role's session name), so it is the user facet.
  { id: "username", label: "User name", param: "username", value: (e) => e.username },
  { id: "eventName", label: "Event name", param: "eventName", value: (e) => e.eventName },
  { id: "eventSource", label: "Event source", param: "eventSource", value: (e) => e.eventSource },
  { id: "errorCode", label: "Error code", param: "errorCode", value: (e) => e.errorCode },
  { id: "region", label: "Region", param: "region", value: (e) => e.awsRegion },
  { id: "client", label: "Client", param: "client", value: (e) => e.client },
  { id: "identityType", label: "Identity type", param: "identityType", value: (e) => e.who.type },
];

export interface FacetValue {
  value: string;
  count: number;
}

export interface FacetCount {
  facet: FacetDefinition;
  /** Events that have a value for this field. */
  withValue: number;
  distinct: number;
  /** The most frequent values, most frequent first (ties by value, so the order is stable). */
  top: FacetValue[];
}

export function countFacets(
  events: readonly AuditEvent[],
  { top = 8, facets = FACETS }: { top?: number; facets?: readonly FacetDefinition[] } = {},
): FacetCount[] {
  return facets.map((facet) => {
    const counts = new Map<string, number>();
    let withValue = 0;
    for (const event of events) {
      const value = facet.value(event);
      if (value === null || value === "") continue;
      withValue++;
      counts.set(value, (counts.get(value) ?? 0) + 1);
    }
    const sorted = [...counts]
      .map(([value, count]) => ({ value, count }))
      .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
    return { facet, withValue, distinct: counts.size, top: sorted.slice(0, top) };
  });
}

/**
 * The URL update that narrows the view to one facet value. A lookup-attribute value may come back from
 * LookupEvents for read-only events too, so the read-only setting is left as it is.
 */
export function facetFilter(facet: FacetDefinition, value: string): Record<string, string> {
  return { [facet.param]: value };
}
