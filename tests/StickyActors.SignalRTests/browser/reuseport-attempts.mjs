// The same page against a server without client affinity: open it with long polling in fresh
// browser contexts (fresh connections) until one attempt fails to connect, loses its connection or
// does not get its own message back, or maxAttempts all work.
// Input: { cdpUrl, url, timeoutMs, messageTimeoutMs, maxAttempts }.
// Answer: { attempts: [{ state, detail, workerId, echoed, finalStatus }] }.
import { answer, attach, input, openChat, say, sees, statusOf } from "./chat-page.mjs";

const { cdpUrl, url, timeoutMs, messageTimeoutMs, maxAttempts } = input();
const browser = await attach(cdpUrl, timeoutMs);
try {
  const attempts = [];
  for (let i = 0; i < maxAttempts; i++) {
    const chat = await openChat(browser, url, `user${i}`, timeoutMs);
    let echoed = false;
    if (chat.state === "connected") {
      const text = `attempt ${i}`;
      await say(chat, text);
      echoed = await sees(chat, `${chat.user}: ${text}`, messageTimeoutMs);
    }

    const finalStatus = await statusOf(chat);
    attempts.push({ state: chat.state, detail: chat.detail, workerId: chat.workerId, echoed, finalStatus });
    await chat.context.close();
    if (!echoed) {
      break;
    }
  }

  answer({ attempts });
} finally {
  await browser.close();
}
