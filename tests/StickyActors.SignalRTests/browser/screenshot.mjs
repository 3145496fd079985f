// Screenshot of the Chat sample's page once its SignalR connection is up (not before, as a plain
// `chromium --screenshot` would take it). Uses Debian's Chromium through playwright-core, installed
// by tests/setup.sh. Usage: node screenshot.mjs <url> <file.png> [timeoutMs]
import { chromium } from "playwright-core";

const [url, file, timeout = "15000"] = process.argv.slice(2);
if (!url || !file) {
  console.error("usage: node screenshot.mjs <url> <file.png> [timeoutMs]");
  process.exit(2);
}

const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
try {
  const page = await browser.newPage({ viewport: { width: 900, height: 600 } });
  page.setDefaultTimeout(Number(timeout));
  await page.goto(url);
  await page.locator('#status:not([data-state="connecting"])').waitFor();
  const state = await page.locator("#status").getAttribute("data-state");
  await page.screenshot({ path: file });
  console.log(`${file}: page ${state}, ${await page.locator("#worker").textContent()}`);
  process.exitCode = state === "connected" ? 0 : 1;
} finally {
  await browser.close();
}
