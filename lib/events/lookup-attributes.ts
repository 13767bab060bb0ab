/** The LookupEvents attributes, in the URL's spelling, mapped to the API's AttributeKey. */
export const LOOKUP_PARAMS = {
  eventId: "EventId",
  accessKeyId: "AccessKeyId",
  resourceName: "ResourceName",
  username: "Username",
  eventName: "EventName",
  eventSource: "EventSource",
  resourceType: "ResourceType",
  readOnly: "ReadOnly",
} as const;
export type LookupParam = keyof typeof LOOKUP_PARAMS;
