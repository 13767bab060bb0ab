import type { LookupAttributeKey, StoredEvent } from "../../emulator/store";

/** The brute-force answer a lookup must equal: tests compare the indexed store and the wire with it. */
export function matchesAttribute(event: StoredEvent, key: LookupAttributeKey, value: string): boolean {
  switch (key) {
    case "EventId":
      return event.eventId === value;
    case "EventName":
      return event.eventName === value;
    case "ReadOnly":
      return String(event.readOnly) === value;
    case "Username":
      return event.username === value;
    case "ResourceType":
      return event.resources.some((r) => r.type === value);
    case "ResourceName":
      return event.resources.some((r) => r.name === value);
    case "EventSource":
      return event.eventSource === value;
    case "AccessKeyId":
      return event.accessKeyId === value;
  }
}

export function sampleValue(event: StoredEvent, key: LookupAttributeKey): string | undefined {
  switch (key) {
    case "EventId":
      return event.eventId;
    case "EventName":
      return event.eventName;
    case "ReadOnly":
      return String(event.readOnly);
    case "Username":
      return event.username;
    case "ResourceType":
      return event.resources[0]?.type;
    case "ResourceName":
      return event.resources[0]?.name;
    case "EventSource":
      return event.eventSource;
    case "AccessKeyId":
      return event.accessKeyId;
  }
}
