import { requirePageRole } from "@/lib/auth/page-guard";
import { SecretSearch } from "@/components/secrets/secret-search";

export const dynamic = "force-dynamic";

export default async function SecretsPage() {
  await requirePageRole("analyst");
  return (
    <>
      <div className="page-head">
        <h1>Secret exposure</h1>
        <span className="sub">where did this key appear? · only HMAC fingerprints are stored and searched · every search is audited</span>
      </div>
      <SecretSearch />
    </>
  );
}
