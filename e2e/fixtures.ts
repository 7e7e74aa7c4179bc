import { expect, test as base, type APIRequestContext } from "@playwright/test";
import { stateFile, type UserName } from "./pages/sign-in-page";

/** A test signed in as `user` (the setup project saved its browser state). */
export function testAs(user: UserName | null) {
  return base.extend<{ backend: string }>({
    backend: async ({}, use, info) => use(String(info.project.metadata.backend)),
    storageState: async ({}, use, info) => use(user ? stateFile(String(info.project.metadata.backend), user) : { cookies: [], origins: [] }),
  });
}

/** Calls a console API with the page's cookies, as the browser would. */
export async function api(request: APIRequestContext, method: "GET" | "POST", url: string, data?: unknown) {
  const res = method === "GET" ? await request.get(url) : await request.post(url, { data: data ?? {} });
  let json: unknown = null;
  try {
    json = await res.json();
  } catch {
    json = null;
  }
  return { status: res.status(), json: json as any };
}

/**
 * A page's React Server Component payload, as the client router fetches it when it navigates:
 * it travels beside the HTML and carries the props of client components, so it must be as
 * clean as the page.
 */
export async function rscPayload(request: APIRequestContext, path: string): Promise<string> {
  const res = await request.get(path, { headers: { RSC: "1" } });
  expect(res.status(), path).toBe(200);
  expect(res.headers()["content-type"], path).toContain("text/x-component");
  return res.text();
}
