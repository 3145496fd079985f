// Helpers shared by the browser scripts: attach to the Chromium the test started, and drive the
// Chat sample's page (samples/Chat/wwwroot) the way a person would: open it, type, press Send.
import { chromium } from "playwright-core";

/** Reads the one JSON argument the test passes. */
export function input() {
  return JSON.parse(process.argv[2]);
}

/** Prints the answer the test parses (one line starting "result "). */
export function answer(result) {
  console.log("result " + JSON.stringify(result));
}

/** Attaches to the running browser; close() then only disconnects and drops our contexts. */
export async function attach(cdpUrl, timeoutMs) {
  return chromium.connectOverCDP(cdpUrl, { timeout: timeoutMs });
}

/**
 * Opens the chat page in a fresh browser context (its own cookies and connection pool) with long
 * polling forced, and waits until the page says connected or failed.
 */
export async function openChat(browser, baseUrl, user, timeoutMs) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(timeoutMs);
  const url = new URL(`?transport=longpolling&user=${encodeURIComponent(user)}`, baseUrl);
  await page.goto(url.href);
  const status = page.locator("#status");
  await page.locator('#status:not([data-state="connecting"])').waitFor();
  const worker = page.locator("#worker");
  return {
    user,
    context,
    page,
    state: await status.getAttribute("data-state"),
    detail: await status.textContent(),
    workerId: Number(await worker.getAttribute("data-worker-id") ?? -1),
    pid: Number(await worker.getAttribute("data-pid") ?? -1),
  };
}

/** Types a message and presses Send. */
export async function say(chat, text) {
  await chat.page.locator("#text").fill(text);
  await chat.page.getByRole("button", { name: "Send" }).click();
}

/** True once the line "user: text" is in the page's message list, false after timeoutMs. */
export async function sees(chat, line, timeoutMs) {
  try {
    await chat.page.locator("#messages li").filter({ hasText: line }).first().waitFor({ timeout: timeoutMs });
    return true;
  } catch {
    return false;
  }
}

/** The page's current status text ("connected", "failed: …", "closed: …"). */
export async function statusOf(chat) {
  return chat.page.locator("#status").textContent();
}

/** How many long-polling requests (GET/POST /chat?id=…) the page made: proof of the transport. */
export async function pollRequests(chat) {
  return chat.page.evaluate(() =>
    performance.getEntriesByType("resource").filter((entry) => /\/chat\?id=/.test(entry.name)).length);
}
