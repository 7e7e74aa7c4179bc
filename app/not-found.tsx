import Link from "next/link";

export default function NotFound() {
  return (
    <main className="center">
      <div className="card">
        <h1>Not found</h1>
        <p>There is nothing at this address.</p>
        <Link href="/sessions">Back to sessions</Link>
      </div>
    </main>
  );
}
