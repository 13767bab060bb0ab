import { DEMO_ACCOUNTS } from "../../lib/demo/accounts";
import type { CloudTrailUserIdentity } from "../record";
import { stableHex } from "./prng";

/** Who acts in the demo accounts: IAM users, people through IAM Identity Center, CI, Terraform, services, root. */

export const [MANAGEMENT, PROD, DEV] = DEMO_ACCOUNTS.map((a) => a.id) as [string, string, string];

export type ClientKind = "console" | "cli" | "boto3" | "js" | "terraform" | "service";

export type Principal =
  | { kind: "user"; name: string; clients: ClientKind[]; ip: string }
  | {
      kind: "sso";
      email: string;
      permissionSet: "AdministratorAccess" | "ReadOnlyAccess";
      clients: ClientKind[];
      ip: string;
    }
  | { kind: "role"; roleName: string; sessionName: string; clients: ClientKind[]; ip: string }
  | { kind: "service"; service: string; roleName: string; sessionName: string }
  | { kind: "root"; ip: string };

export const alice: Principal = {
  kind: "user",
  name: "alice",
  clients: ["console", "cli"],
  ip: "198.51.100.23",
};
export const bob: Principal = {
  kind: "user",
  name: "bob",
  clients: ["cli", "boto3", "console"],
  ip: "203.0.113.45",
};
export const dave: Principal = {
  kind: "user",
  name: "dave",
  clients: ["cli", "js", "console"],
  ip: "192.0.2.77",
};
export const carol: Principal = {
  kind: "sso",
  email: "carol@example.com",
  permissionSet: "AdministratorAccess",
  clients: ["console", "console", "cli"],
  ip: "198.51.100.140",
};
export const frank: Principal = {
  kind: "sso",
  email: "frank@example.com",
  permissionSet: "AdministratorAccess",
  clients: ["console", "cli", "boto3"],
  ip: "203.0.113.9",
};
export const erin: Principal = {
  kind: "sso",
  email: "erin@example.com",
  permissionSet: "ReadOnlyAccess",
  clients: ["console"],
  ip: "192.0.2.201",
};
export const githubActions: Principal = {
  kind: "role",
  roleName: "github-actions-deploy",
  sessionName: "GitHubActions",
  clients: ["js", "cli"],
  ip: "20.85.142.17",
};
export const terraform: Principal = {
  kind: "role",
  roleName: "TerraformApply",
  sessionName: "terraform-ci",
  clients: ["terraform"],
  ip: "34.228.19.201",
};
export const autoscaling: Principal = {
  kind: "service",
  service: "autoscaling.amazonaws.com",
  roleName: "AWSServiceRoleForAutoScaling",
  sessionName: "AutoScaling",
};
export const root: Principal = { kind: "root", ip: "198.51.100.250" };

/** Who does what where: weights for the background activity of each account. */
export const ACCOUNT_ACTORS: Record<string, readonly (readonly [Principal, number])[]> = {
  [MANAGEMENT]: [
    [alice, 5],
    [frank, 3],
    [erin, 1.5],
    [terraform, 2],
    [root, 0.05],
  ],
  [PROD]: [
    [bob, 3],
    [carol, 4],
    [erin, 1],
    [terraform, 5],
    [githubActions, 4],
  ],
  [DEV]: [
    [dave, 5],
    [carol, 2],
    [frank, 2],
    [githubActions, 4],
    [terraform, 2],
  ],
};

/** A principal's 21-character IDs are stable per account so the same person looks the same everywhere. */
function principalId(prefix: string, accountId: string, name: string): string {
  return prefix + stableHex(`${accountId}/${name}`, 17).toUpperCase();
}

export function accessKeyFor(kind: "AKIA" | "ASIA", accountId: string, name: string, salt = ""): string {
  return kind + stableHex(`${kind}/${accountId}/${name}/${salt}`, 16).toUpperCase().replace(/[01]/g, "Q");
}

export function ssoRoleName(p: Extract<Principal, { kind: "sso" }>, accountId: string): string {
  return `AWSReservedSSO_${p.permissionSet}_${stableHex(`${accountId}/${p.permissionSet}`, 16)}`;
}

export function displayName(p: Principal): string {
  switch (p.kind) {
    case "user":
      return p.name;
    case "sso":
      return `${p.email} via AWSReservedSSO_${p.permissionSet}`;
    case "role":
      return `${p.sessionName} via ${p.roleName}`;
    case "service":
      return p.service;
    case "root":
      return "root";
  }
}

/** The `userIdentity` block; `sessionDay` keeps temporary keys stable within a day's session. */
export function identityFor(
  p: Principal,
  accountId: string,
  client: ClientKind,
  time: Date,
  invokedBy?: string,
): CloudTrailUserIdentity {
  const day = time.toISOString().slice(0, 10);
  const creationDate = `${day}T${String(Math.max(0, time.getUTCHours() - 1)).padStart(2, "0")}:02:11Z`;
  const withInvoker = (identity: CloudTrailUserIdentity) =>
    invokedBy ? { ...identity, invokedBy } : identity;
  switch (p.kind) {
    case "user": {
      const console = client === "console";
      return withInvoker({
        type: "IAMUser",
        principalId: principalId("AIDA", accountId, p.name),
        arn: `arn:aws:iam::${accountId}:user/${p.name}`,
        accountId,
        accessKeyId: console
          ? accessKeyFor("ASIA", accountId, p.name, day)
          : accessKeyFor("AKIA", accountId, p.name),
        userName: p.name,
        ...(console ? { sessionContext: { attributes: { creationDate, mfaAuthenticated: "true" } } } : {}),
      });
    }
    case "sso": {
      const roleName = ssoRoleName(p, accountId);
      const roleId = principalId("AROA", accountId, roleName);
      return withInvoker({
        type: "AssumedRole",
        principalId: `${roleId}:${p.email}`,
        arn: `arn:aws:sts::${accountId}:assumed-role/${roleName}/${p.email}`,
        accountId,
        accessKeyId: accessKeyFor("ASIA", accountId, p.email, day),
        sessionContext: {
          sessionIssuer: {
            type: "Role",
            principalId: roleId,
            arn: `arn:aws:iam::${accountId}:role/aws-reserved/sso.amazonaws.com/${roleName}`,
            accountId,
            userName: roleName,
          },
          attributes: { creationDate, mfaAuthenticated: "false" },
        },
      });
    }
    case "role": {
      const roleId = principalId("AROA", accountId, p.roleName);
      return withInvoker({
        type: "AssumedRole",
        principalId: `${roleId}:${p.sessionName}`,
        arn: `arn:aws:sts::${accountId}:assumed-role/${p.roleName}/${p.sessionName}`,
        accountId,
        accessKeyId: accessKeyFor("ASIA", accountId, p.roleName, `${day}T${time.getUTCHours()}`),
        sessionContext: {
          sessionIssuer: {
            type: "Role",
            principalId: roleId,
            arn: `arn:aws:iam::${accountId}:role/${p.roleName}`,
            accountId,
            userName: p.roleName,
          },
          ...(p.roleName === "github-actions-deploy"
            ? {
                webIdFederationData: {
                  federatedProvider: `arn:aws:iam::${accountId}:oidc-provider/token.actions.githubusercontent.com`,
                  attributes: {},
                },
              }
            : {}),
          attributes: { creationDate, mfaAuthenticated: "false" },
        },
      });
    }
    case "service": {
      const roleId = principalId("AROA", accountId, p.roleName);
      return {
        type: "AssumedRole",
        principalId: `${roleId}:${p.sessionName}`,
        arn: `arn:aws:sts::${accountId}:assumed-role/${p.roleName}/${p.sessionName}`,
        accountId,
        sessionContext: {
          sessionIssuer: {
            type: "Role",
            principalId: roleId,
            arn: `arn:aws:iam::${accountId}:role/aws-service-role/${p.service}/${p.roleName}`,
            accountId,
            userName: p.roleName,
          },
          attributes: { creationDate, mfaAuthenticated: "false" },
        },
        invokedBy: p.service,
      };
    }
    case "root":
      return {
        type: "Root",
        principalId: accountId,
        arn: `arn:aws:iam::${accountId}:root`,
        accountId,
        accessKeyId: accessKeyFor("ASIA", accountId, "root", day),
        sessionContext: { attributes: { creationDate, mfaAuthenticated: "true" } },
      };
  }
}

const USER_AGENTS: Record<Exclude<ClientKind, "service">, readonly string[]> = {
  console: [
    "AWS Internal",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
  ],
  cli: [
    "aws-cli/2.22.10 md/awscrt#0.22.0 ua/2.0 os/macos#24.1.0 md/arch#arm64 lang/python#3.12.7 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off",
    "aws-cli/2.18.4 md/awscrt#0.21.5 ua/2.0 os/linux#6.8.0-48-generic md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#ubuntu.24 md/prompt#off",
  ],
  boto3: [
    "Boto3/1.35.76 md/Botocore#1.35.76 ua/2.0 os/linux#5.10.228-219.884.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.8 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.76",
  ],
  js: ["aws-sdk-js/3.699.0 ua/2.1 os/linux#6.5.0-1025-azure lang/js md/nodejs#20.18.1 api/{api}#3.699.0 m/E"],
  terraform: [
    "APN/1.0 HashiCorp/1.0 Terraform/1.9.8 (+https://www.terraform.io) terraform-provider-aws/5.80.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.32.6 ua/2.1 os/linux lang/go#1.23.3 md/GOOS#linux md/GOARCH#amd64 api/{api}#1.0.0",
  ],
};

export function userAgentFor(
  client: ClientKind,
  eventSource: string,
  pick: <T>(items: readonly T[]) => T,
): string {
  const api = eventSource.split(".")[0] ?? "sts";
  if (client === "service") return eventSource;
  const ua = pick(USER_AGENTS[client]);
  if (client === "console" && eventSource === "s3.amazonaws.com") {
    return "[S3Console/0.4, aws-internal/3 aws-sdk-java/1.12.750 Linux/5.10.227-198.884.amzn2int.x86_64 OpenJDK_64-Bit_Server_VM/25.412-b09 java/1.8.0_412 vendor/Oracle_Corporation cfg/retry-mode/standard]";
  }
  return ua.replace("{api}", api);
}
