/**
 * Views every installation has, as data: each is an Events-page query. LookupEvents takes one lookup
 * attribute, so each picks the most selective one it can and leaves the rest to the server's filters
 * (the page's plan badge shows the split).
 */

export interface BuiltInView {
  id: string;
  name: string;
  description: string;
  query: string;
}

export const BUILT_IN_VIEWS: readonly BuiltInView[] = [
  {
    id: "console-sign-ins",
    name: "Console sign-ins",
    description: "ConsoleLogin events, successful or not (sign-in events are recorded as writes).",
    query: "eventName=ConsoleLogin&readOnly=all",
  },
  {
    id: "root-activity",
    name: "Root activity",
    description: "Everything the account's root user did, reads included.",
    query: "identityType=Root&readOnly=all",
  },
  {
    id: "access-denied",
    name: "Access denied",
    description: "Calls refused for lack of permission, under any service's code for it, reads included.",
    query: "errorCode=AccessDenied,AccessDeniedException,Client.UnauthorizedOperation&readOnly=all",
  },
  {
    id: "iam-changes",
    name: "IAM changes",
    description: "Writes to IAM: users, roles, policies, keys.",
    query: "eventSource=iam.amazonaws.com",
  },
  {
    id: "security-group-changes",
    name: "Security group changes",
    description:
      "Writes naming a security group (the lookup) whose record mentions security groups (server filter).",
    query: "resourceType=AWS::EC2::SecurityGroup&q=SecurityGroup",
  },
  {
    id: "deletions-24h",
    name: "Deletions, last 24 hours",
    description: "Delete-type calls (Delete*, Terminate*, Remove*, Deregister* and the known others).",
    query: "range=1d&kind=deleted",
  },
];
