import L from 'leaflet';
import 'leaflet/dist/leaflet.css';

/** Shenzhen with a margin: the map cannot be dragged far into nothing (there are no tiles). */
export const SHENZHEN_BOUNDS = L.latLngBounds([22.2, 113.55], [23.05, 114.85]);
export const SHENZHEN_CENTER = L.latLng(22.63, 114.1);

/**
 * A Leaflet map without any tile layer (no external tiles: boundaries are drawn from our own
 * GeoJSON on a grey background), vectors on canvas so tens of thousands of points stay fluid.
 */
export function createBaseMap(container: HTMLElement, options: L.MapOptions = {}): L.Map {
  const map = L.map(container, {
    preferCanvas: true,
    attributionControl: false,
    zoomControl: true,
    minZoom: 9,
    maxZoom: 18,
    maxBounds: SHENZHEN_BOUNDS,
    maxBoundsViscosity: 0.8,
    worldCopyJump: false,
    ...options,
  });
  container.classList.add('sg-leaflet');
  return map;
}

/**
 * A link inside a Leaflet popup that navigates with the client router (no full reload);
 * text is set as textContent so names from data cannot inject markup.
 */
export function popupLink(
  text: string,
  href: string,
  navigate: (to: string) => void,
  testId: string,
): HTMLAnchorElement {
  const a = document.createElement('a');
  a.href = href;
  a.textContent = text;
  a.dataset['testid'] = testId;
  a.addEventListener('click', (event) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(href);
  });
  return a;
}

export function popupBox(...children: (Node | string)[]): HTMLDivElement {
  const div = document.createElement('div');
  div.className = 'sg-popup';
  for (const child of children) {
    if (typeof child === 'string') {
      const line = document.createElement('div');
      line.textContent = child;
      div.appendChild(line);
    } else {
      div.appendChild(child);
    }
  }
  return div;
}

/** Keeps Leaflet's idea of the container size right when the layout around it changes. */
export function watchSize(map: L.Map, container: HTMLElement): () => void {
  if (typeof ResizeObserver === 'undefined') return () => {};
  let frame = 0;
  // Deferred to the next frame: resizing inside the observer callback can trigger the browser's
  // "ResizeObserver loop" error.
  const observer = new ResizeObserver(() => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(() => map.invalidateSize({ pan: false }));
  });
  observer.observe(container);
  return () => {
    cancelAnimationFrame(frame);
    observer.disconnect();
  };
}
