import { redirect } from "next/navigation";
import { getViewer } from "@/lib/auth/viewer";
import { TopBar } from "@/components/console/top-bar";
import { NoAccess } from "@/components/console/no-access";

export const dynamic = "force-dynamic";

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const viewer = await getViewer();
  if (!viewer) redirect("/signin");
  if (viewer.roles.length === 0) return <NoAccess viewer={viewer} />;
  return (
    <>
      <TopBar viewer={viewer} />
      <main className="page">{children}</main>
    </>
  );
}
