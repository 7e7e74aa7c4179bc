// Signs in each development user through the real OIDC flow and keeps the browser state.
import { test as setup } from "@playwright/test";
import { SignInPage, USERS, stateFile, type UserName } from "./pages/sign-in-page";

for (const user of Object.keys(USERS) as UserName[]) {
  setup(`sign in as ${user}`, async ({ page }, info) => {
    await new SignInPage(page).signIn(USERS[user]);
    await page.context().storageState({ path: stateFile(String(info.project.metadata.backend), user) });
  });
}
