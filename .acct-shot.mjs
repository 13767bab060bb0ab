import { chromium } from "@playwright/test";
const [,, url, out, action] = process.argv;
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
await page.goto(url);
await page.waitForTimeout(4000);
if (action === "open") { await page.getByText("Accounts:").click(); await page.waitForTimeout(300); }
await page.screenshot({ path: out, fullPage: false });
await browser.close();
