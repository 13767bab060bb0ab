import type { EventFlags, IdentityLink, IdentityType, Who } from "./audit-event";
import { IDENTITY_TYPES } from "./audit-event";
import { asObject, asString, isServiceHost, pick } from "./record-fields";

/**
 * "Who" of a CloudTrail record (DESIGN.md §3): the identity type, a person-readable name and the
 * chain from the person (or service) to the principal that made the call.
 */

const KNOWN_TYPES: ReadonlySet<string> = new Set(IDENTITY_TYPES);

/** IAM Identity Center's roles are `AWSReservedSSO_<permission set>_<hex id>`; the id means nothing to a reader. */
const SSO_ROLE = /^(AWSReservedSSO_.+?)_[0-9a-f]{8,}$/;

/** Principals that are people: an action by them without MFA is worth a flag. */
const MFA_CHECKED_TYPES: ReadonlySet<string> = new Set(["Root", "IAMUser"]);

function identityType(value: unknown): IdentityType {
  const type = asString(value);
  return type && KNOWN_TYPES.has(type) ? (type as IdentityType) : "Unknown";
}

/** `arn:aws:sts::123:assumed-role/Role/session` → { role: "Role", session: "session" }. */
function assumedRoleParts(arn: string | undefined): { role?: string; session?: string } {
  const match = arn ? /:assumed-role\/([^/]+)\/(.+)$/.exec(arn) : null;
  return { role: match?.[1], session: match?.[2] };
}

function arnTail(arn: string | undefined): string | undefined {
  if (!arn) return undefined;
  const tail = arn.split(/[/:]/).pop();
  return tail || undefined;
}

interface Described {
  display: string;
  chain: IdentityLink[];
  /** The principal is a person (root, an IAM user, an Identity Center or SAML user…), not a workload. */
  human: boolean;
}

function describe(
  identity: Record<string, unknown>,
  type: IdentityType,
  fallbackName: string | undefined,
): Described {
  const arn = asString(identity.arn) ?? null;
  const userName = asString(identity.userName);
  const principalId = asString(identity.principalId);
  const accountId = asString(identity.accountId);
  const issuer = asObject(pick(identity, "sessionContext", "sessionIssuer"));
  const issuerArn = asString(issuer?.arn) ?? null;
  const sourceIdentity = asString(pick(identity, "sessionContext", "sourceIdentity"));
  const sourceLink: IdentityLink[] = sourceIdentity
    ? [{ kind: "person", label: sourceIdentity, arn: null }]
    : [];

  switch (type) {
    case "Root": {
      const display = userName ? `root (${userName})` : "root";
      return { display, chain: [{ kind: "root", label: display, arn }], human: true };
    }
    case "IAMUser": {
      const name = userName ?? arnTail(arn ?? undefined) ?? principalId ?? fallbackName ?? "IAM user";
      return { display: name, chain: [{ kind: "user", label: name, arn }], human: true };
    }
    case "AssumedRole":
    case "Role": {
      const parts = assumedRoleParts(arn ?? undefined);
      const roleName = asString(issuer?.userName) ?? parts.role ?? arnTail(issuerArn ?? undefined);
      const session = parts.session ?? asString(principalId?.split(":")[1]) ?? fallbackName;
      const sso = roleName ? SSO_ROLE.exec(roleName)?.[1] : undefined;
      const roleLink: IdentityLink[] = roleName
        ? [{ kind: "role", label: sso ?? roleName, arn: issuerArn }]
        : [];
      if (sso) {
        const person = session ?? "unknown user";
        return {
          display: `${person} via ${sso}`,
          chain: [...sourceLink, { kind: "person", label: person, arn }, ...roleLink],
          human: true,
        };
      }
      const sessionLink: IdentityLink[] = session ? [{ kind: "session", label: session, arn }] : [];
      const display =
        roleName && session && session !== roleName
          ? `${session} via role ${roleName}`
          : roleName
            ? `role ${roleName}`
            : (session ?? arn ?? "unknown role");
      return { display, chain: [...sourceLink, ...sessionLink, ...roleLink], human: false };
    }
    case "FederatedUser": {
      const name = arnTail(arn ?? undefined) ?? principalId ?? fallbackName ?? "federated user";
      const issuerName = asString(issuer?.userName);
      return {
        display: issuerName ? `${name} via user ${issuerName}` : name,
        chain: [
          { kind: "federated", label: name, arn },
          ...(issuerName ? [{ kind: "user", label: issuerName, arn: issuerArn }] : []),
        ],
        human: true,
      };
    }
    case "AWSService": {
      const service = asString(identity.invokedBy) ?? principalId ?? "AWS service";
      return { display: service, chain: [{ kind: "service", label: service, arn }], human: false };
    }
    case "AWSAccount": {
      const label = accountId ? `account ${accountId}` : (principalId ?? "another AWS account");
      return { display: label, chain: [{ kind: "account", label, arn }], human: false };
    }
    case "IdentityCenterUser": {
      const userId = asString(pick(identity, "onBehalfOf", "userId"));
      const storeArn = asString(pick(identity, "onBehalfOf", "identityStoreArn")) ?? null;
      const name = userId ?? userName ?? principalId ?? fallbackName ?? "Identity Center user";
      return { display: name, chain: [{ kind: "person", label: name, arn: storeArn ?? arn }], human: true };
    }
    case "SAMLUser":
    case "WebIdentityUser": {
      const name =
        userName ?? principalId ?? fallbackName ?? (type === "SAMLUser" ? "SAML user" : "web identity user");
      const provider = asString(identity.identityProvider);
      return {
        display: provider && type === "WebIdentityUser" ? `${name} via ${provider}` : name,
        chain: [{ kind: "federated", label: name, arn }],
        human: true,
      };
    }
    case "Directory":
    case "Unknown": {
      const name = userName ?? principalId ?? fallbackName ?? arnTail(arn ?? undefined) ?? "unknown";
      return { display: name, chain: [{ kind: "user", label: name, arn }], human: false };
    }
  }
}

/**
 * The caller of a record, never throwing on a malformed identity. A service acting for a workload
 * (`invokedBy`, e.g. Auto Scaling through its service-linked role) is shown by the service's name;
 * for a person the person stays the name and the service is the last link of the chain.
 */
export function describeWho(record: Record<string, unknown>, fallbackUsername?: string): Who {
  const identity = asObject(record.userIdentity);
  if (!identity) {
    const name = fallbackUsername ?? "unknown";
    return {
      type: "Unknown",
      arn: null,
      accountId: null,
      display: name,
      invokedBy: null,
      chain: [{ kind: "user", label: name, arn: null }],
    };
  }
  const type = identityType(identity.type);
  const invokedBy = asString(identity.invokedBy) ?? null;
  const described = describe(identity, type, fallbackUsername);
  const serviceLink: IdentityLink[] =
    invokedBy && type !== "AWSService" ? [{ kind: "service", label: invokedBy, arn: null }] : [];
  const service = invokedBy ?? undefined;
  const display =
    !described.human && type !== "AWSService" && isServiceHost(service) ? service : described.display;
  return {
    type,
    arn: asString(identity.arn) ?? null,
    accountId: asString(identity.accountId) ?? null,
    display,
    invokedBy,
    chain: [...described.chain, ...serviceLink],
  };
}

/**
 * Root use, people acting without MFA (a session whose `mfaAuthenticated` is "false", or a console
 * sign-in without MFA), and calls from another account. Role sessions are not flagged for MFA: for
 * Identity Center and workloads the attribute says nothing about how the person signed in.
 */
export function eventFlags(record: Record<string, unknown>, who: Who): EventFlags {
  const mfa = asString(pick(record.userIdentity, "sessionContext", "attributes", "mfaAuthenticated"));
  const consoleLoginWithoutMfa =
    record.eventName === "ConsoleLogin" && asString(pick(record, "additionalEventData", "MFAUsed")) === "No";
  const recipient = asString(record.recipientAccountId);
  return {
    root: who.type === "Root",
    noMfa: MFA_CHECKED_TYPES.has(who.type) && (mfa === "false" || consoleLoginWithoutMfa),
    crossAccount: Boolean(who.accountId && recipient && who.accountId !== recipient),
  };
}
