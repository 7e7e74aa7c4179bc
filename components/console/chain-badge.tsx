import type { ChainStatus } from "@/lib/sessions/list-sessions";

/** VALID, INVALID at seq N, UNVERIFIABLE or UNVERIFIED. */
export function ChainBadge({ chain }: { chain: ChainStatus }) {
  const label = chain.status === "INVALID" ? `INVALID at seq ${chain.firstBadSeq}` : chain.status;
  const title = chain.verifiedAt
    ? `${chain.reason ?? "chain intact"}; verified ${new Date(chain.verifiedAt).toISOString().replace("T", " ").slice(0, 19)} UTC`
    : "not verified yet";
  return (
    <span className={`chain ${chain.status.toLowerCase()}`} title={title} data-testid="chain-status">
      {label}
    </span>
  );
}
