import { partitionOf, trailArn } from "./bucket-policy";
import { formatPolicy, generateBucketPolicy } from "./policy-generator";
import type { SetupParams } from "./setup-params";

/**
 * The order AWS documents for cross-account delivery, with the AWS CLI commands for each step.
 * Order matters: CreateTrail checks the bucket policy at once, so a member account's trail can only be
 * created after the policy lets CloudTrail write for that account.
 */

export interface SetupCommand {
  /** Which account runs it (its profile is in the command). */
  accountId: string;
  comment: string;
  command: string;
}

export interface SetupStep {
  title: string;
  detail: string;
  commands: SetupCommand[];
  /** A policy file the commands of this step read, when it differs from the final policy.json. */
  file?: { name: string; text: string };
}

/** A placeholder profile per account: the commands name one so nobody runs them in the wrong account. */
export function profileFor(accountId: string): string {
  return `acct-${accountId}`;
}

/** Single-quotes a value for POSIX shells when it holds anything but plainly safe characters. */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9._/:=@-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

function join(parts: (string | false | undefined)[]): string {
  return parts.filter((p): p is string => Boolean(p)).join(" \\\n  ");
}

export function buildSetupSteps(params: SetupParams): SetupStep[] {
  const [owner, ...members] = params.accounts;
  if (owner === undefined) throw new Error("at least one account is required");
  const { bucket, region, trailName } = params;
  const bucketArg = shellQuote(bucket);
  const profile = (id: string) => `--profile ${profileFor(id)}`;
  const regionArgs = `--region ${region}`;

  const createBucket: SetupCommand = {
    accountId: owner,
    comment: "Skip if the bucket already exists.",
    command: join([
      `aws s3api create-bucket --bucket ${bucketArg}`,
      // us-east-1 is the one region where S3 rejects an explicit LocationConstraint.
      region !== "us-east-1" && `--create-bucket-configuration LocationConstraint=${region}`,
      regionArgs,
      profile(owner),
    ]),
  };
  const putPolicy = (file: string): SetupCommand => ({
    accountId: owner,
    comment: `Replaces the bucket's whole policy with ${file}: merge in any statements the bucket already has.`,
    command: join([
      `aws s3api put-bucket-policy --bucket ${bucketArg}`,
      `--policy file://${file}`,
      profile(owner),
    ]),
  });
  const createTrail = (accountId: string, organization: boolean): SetupCommand[] => [
    {
      accountId,
      comment: organization
        ? "Creates the organization trail; CloudTrail adds it to every member account."
        : `Creates a multi-Region trail in ${accountId} that delivers to ${bucket}.`,
      command: join([
        `aws cloudtrail create-trail --name ${trailName}`,
        `--s3-bucket-name ${bucketArg}`,
        params.prefix && `--s3-key-prefix ${shellQuote(params.prefix)}`,
        "--is-multi-region-trail",
        organization && "--is-organization-trail",
        "--enable-log-file-validation",
        regionArgs,
        profile(accountId),
      ]),
    },
    {
      accountId,
      comment: "A new trail does not log until it is started.",
      command: join([`aws cloudtrail start-logging --name ${trailName}`, regionArgs, profile(accountId)]),
    },
  ];

  if (params.organizationId) {
    const arn = trailArn(partitionOf(region), region, owner, trailName);
    return [
      {
        title: "Prepare the bucket and its policy",
        detail:
          `An organization trail is created once, in the management account (${owner}), and CloudTrail checks ` +
          "the bucket policy when it is created, so the policy comes first. Run as the account that owns the bucket.",
        commands: [createBucket, putPolicy("policy.json")],
      },
      {
        title: "Turn on the organization trail in the management account",
        detail: `Files arrive under ${params.prefix ? `${params.prefix}/` : ""}AWSLogs/${params.organizationId}/<account>/ for every account.`,
        commands: createTrail(owner, true),
      },
      {
        title: "Member accounts: nothing to create",
        detail: members.length
          ? "CloudTrail adds the organization trail to each member account. Each member can confirm it is logging:"
          : "CloudTrail adds the organization trail to each member account as it joins the organization.",
        commands: members.map((id) => ({
          accountId: id,
          comment: `Confirms the organization trail logs for ${id}.`,
          command: join([`aws cloudtrail get-trail-status --name ${arn}`, regionArgs, profile(id)]),
        })),
      },
    ];
  }

  const ownerOnly = generateBucketPolicy({ ...params, accounts: [owner] });
  return [
    {
      title: "Turn on CloudTrail in the account that owns the bucket",
      detail:
        `Account ${owner} owns ${bucket}. Its trail needs a bucket policy for its own files first ` +
        "(owner-policy.json below); do not create trails in the other accounts yet.",
      file: { name: "owner-policy.json", text: formatPolicy(ownerOnly) },
      commands: [createBucket, putPolicy("owner-policy.json"), ...createTrail(owner, false)],
    },
    {
      title: "Update the bucket policy so CloudTrail can write for the other accounts",
      detail:
        "Save the generated policy as policy.json and apply it as the bucket owner. It lets CloudTrail write " +
        "each listed account's files under its own AWSLogs/<account>/ folder.",
      commands: [putPolicy("policy.json")],
    },
    {
      title: "Turn on CloudTrail in each of the other accounts, naming that bucket",
      detail: members.length
        ? "Run these with each member account's credentials."
        : "No other accounts are listed: add their IDs above to get their commands.",
      commands: members.flatMap((id) => createTrail(id, false)),
    },
  ];
}
