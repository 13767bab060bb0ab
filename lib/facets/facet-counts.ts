import type { AuditEvent } from "@/lib/events/audit-event";
import { FACET_FIELDS, type FacetId } from "@/lib/query/fields";

/**
 * Facets: the most frequent values of a field in the loaded events, each tied to the URL parameter
 * that filters on it, so a click on a value narrows the view to it.
 */

export interface FacetDefinition {
  id: FacetId;
  label: string;
  /** The query parameter (lib/query/fields.ts) that selects one value of this field: the facet's id. */
  param: FacetId;
  value: (event: AuditEvent) => string | null;
}

export const FACETS: readonly FacetDefinition[] = FACET_FIELDS.map((field) => ({
  id: field.id,
  label: field.label,
  param: field.id,
  value: field.value,
}));

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
export function facetFilter(facet: FacetDefinition, value: string): Partial<Record<FacetId, string>> {
  return { [facet.param]: value };
}
