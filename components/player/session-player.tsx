"use client";
import dynamic from "next/dynamic";
import type { PlayerProps } from "./player";

// xterm.js needs the DOM, so the player renders in the browser only. Its script is the page's
// heaviest: the import starts as soon as this module runs in the browser, while the page is
// still hydrating, rather than when the player first renders.
const playerModule = typeof window === "undefined" ? null : import("./player");

const Player = dynamic(() => (playerModule ?? import("./player")).then((m) => m.Player), {
  ssr: false,
  loading: () => <section className="player pl-loading" data-testid="player" data-status="loading" aria-busy="true" />,
});

export function SessionPlayer(props: PlayerProps) {
  return <Player {...props} />;
}
