// Two users, each in their own browser context and reaching the server through their own URL (the
// test's forwarders give each a different client address), chat over long polling.
// Input: { cdpUrl, timeoutMs, users: [{ name, url }, { name, url }] }.
// Answer: { users: [{ name, state, detail, workerId, pid, polls, sawOther }] }.
import { answer, attach, input, openChat, pollRequests, say, sees } from "./chat-page.mjs";

const { cdpUrl, timeoutMs, users } = input();
const browser = await attach(cdpUrl, timeoutMs);
try {
  const chats = [];
  for (const user of users) {
    chats.push(await openChat(browser, user.url, user.name, timeoutMs));
  }

  const saw = chats.map(() => false);
  if (chats.every((chat) => chat.state === "connected")) {
    for (const [index, chat] of chats.entries()) {
      const text = `hello from ${chat.user} on worker ${chat.workerId}`;
      await say(chat, text);
      const other = chats[(index + 1) % chats.length];
      saw[(index + 1) % chats.length] = await sees(other, `${chat.user}: ${text}`, timeoutMs);
    }
  }

  const results = [];
  for (const [index, chat] of chats.entries()) {
    results.push({
      name: chat.user,
      state: chat.state,
      detail: chat.detail,
      workerId: chat.workerId,
      pid: chat.pid,
      polls: await pollRequests(chat),
      sawOther: saw[index],
    });
  }

  answer({ users: results });
} finally {
  await browser.close();
}
