/**
 * The items every list holds, in the first list's order. The API answers knowledge at risk for
 * one scope at a time (a kommune, a product, a group or a topic); an item two scopes both hold
 * is one item, so filtering by several scopes keeps what each of their lists has.
 */
export function itemsInEveryScope<T>(lists: T[][], key: (item: T) => string): T[] {
  if (lists.length === 0) return [];
  const [first, ...rest] = lists;
  const others = rest.map((list) => new Set(list.map(key)));
  const seen = new Set<string>();
  return first.filter((item) => {
    const id = key(item);
    if (seen.has(id) || !others.every((keys) => keys.has(id))) return false;
    seen.add(id);
    return true;
  });
}
