/**
 * The channel service-level standards in effect on a day (service_level_policy rows with a channel and no
 * priority): the answer threshold and, where the deployment states one, the share that must meet it. A later
 * valid_from supersedes an earlier row; valid_to ends a row early (as contact-aggregates.ts reads them).
 */
import { withSession, type Database } from '../session.js';

export interface ChannelPolicy {
  readonly channel: string;
  readonly policyId: string;
  /** Answered within this many seconds. */
  readonly thresholdSeconds: number;
  /** Share of contacts that must meet the threshold (0–1), or null when the policy states none. */
  readonly targetShare: number | null;
}

/** The policy of each channel in effect on local day `day` (YYYY-MM-DD); channels with none are absent. */
export async function channelPoliciesOn(db: Database, day: string): Promise<ChannelPolicy[]> {
  const { rows } = await withSession(db, (s) =>
    s.query<{ channel: string; policy_id: string; threshold_seconds: number; target_share: number | null }>(
      `SELECT channel, policy_id, threshold_seconds::float8 AS threshold_seconds, target_share::float8 AS target_share
       FROM (SELECT DISTINCT ON (channel) channel, policy_id, threshold_seconds, target_share, valid_to
             FROM service_level_policy
             WHERE channel IS NOT NULL AND priority IS NULL AND valid_from <= $1::date
             ORDER BY channel, valid_from DESC) latest
       WHERE valid_to IS NULL OR valid_to > $1::date
       ORDER BY channel`,
      [day],
    ),
  );
  return rows.map((r) => ({
    channel: r.channel,
    policyId: r.policy_id,
    thresholdSeconds: Number(r.threshold_seconds),
    targetShare: r.target_share === null ? null : Number(r.target_share),
  }));
}
