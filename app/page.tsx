export default function Home() {
  return <main style={{ padding: 32 }}>Flightlog</main>;
}
