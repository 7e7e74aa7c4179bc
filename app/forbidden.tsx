import Link from "next/link";

export default function Forbidden() {
  return (
    <main className="center">
      <div className="card" data-testid="forbidden">
        <h1>403 — not allowed</h1>
        <p>Your roles do not include this part of the console. Ask an administrator if you need it.</p>
        <Link href="/sessions">Back to sessions</Link>
      </div>
    </main>
  );
}
