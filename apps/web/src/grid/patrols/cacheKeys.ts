/** IndexedDB cache keys of the inspector's data, per user (a shared phone keeps them apart). */
export function cacheKeys(userId: string) {
  return {
    myTasks: (range: string) => `${userId}:patrol:my-tasks:${range}`,
    task: (id: string) => `${userId}:patrol:task:${id}`,
    checklist: (id: string) => `${userId}:patrol:checklist:${id}`,
    hazard: (id: string) => `${userId}:hazard:${id}`,
  };
}
