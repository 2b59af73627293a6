import { exec } from "child_process";
import https from "https";

const API = "https://api.acme.io/v1";
const LEGACY = "http://legacy.acme.io/v1";
const DEV = "http://localhost:3000";

export async function getUser(db: any, id: string) {
  return db.query(`SELECT * FROM users WHERE id = ${id}`);
}

export async function getUserSafely(db: Db, id: string) {
  return db.query("SELECT * FROM users WHERE id = $1", [id]);
}

export function archive(dir: string) {
  exec(`tar -czf backup.tgz ${dir}`);
}

export const agent = new https.Agent({ rejectUnauthorized: false });

export function render(el: HTMLElement, html: string) {
  el.innerHTML = html;
  el.textContent = html;
}

export async function saveAll(items: Item[]) {
  items.forEach(async (item) => {
    await save(item);
  });
  for (const item of items) {
    await save(item);
  }
}

export function same(a: unknown, b: unknown) {
  return a == b || a === b || a == null;
}
