/** The non-human identity behind a collector request. */
export interface AgentIdentity {
  id: string;
  name: string;
  kind: "token" | "jwt";
  /** For JWT agents: the verified issuer and subject. */
  issuer?: string | null;
  subject?: string | null;
}
