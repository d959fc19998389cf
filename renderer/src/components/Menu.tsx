/**
 * A menu at a point (a context menu) or under a button (the toolbar's menus): items that act,
 * check or choose, separators, and a reason shown on a disabled item. Arrow keys move between
 * items, Enter or Space picks, Esc (shortcuts.ts) and a click outside close it.
 */
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';

export type MenuItem =
  | {
      kind?: 'action' | 'check' | 'radio';
      label: string;
      onSelect(): void;
      checked?: boolean;
      shortcut?: string;
      /** Why the item cannot be used; the item is disabled when set. */
      disabledReason?: string | null;
      testId?: string;
      /** Keep the menu open after picking (checks and radios). */
      keepOpen?: boolean;
    }
  | { kind: 'separator' }
  | { kind: 'heading'; label: string };

interface MenuProps {
  label: string;
  items: MenuItem[];
  /** Viewport point of the menu's top left corner (kept inside the window). */
  at: { x: number; y: number };
  onClose(): void;
  testId?: string;
}

const ROLES = { action: 'menuitem', check: 'menuitemcheckbox', radio: 'menuitemradio' } as const;

export function Menu({ label, items, at, onClose, testId }: MenuProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [position, setPosition] = useState(at);

  // Kept inside the window, once its size is known.
  useLayoutEffect(() => {
    const box = ref.current?.getBoundingClientRect();
    if (!box) return;
    setPosition({
      x: Math.max(4, Math.min(at.x, window.innerWidth - box.width - 4)),
      y: Math.max(4, Math.min(at.y, window.innerHeight - box.height - 4)),
    });
  }, [at.x, at.y]);

  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('[role^="menuitem"]:not([aria-disabled="true"])')?.focus();
    const onPointer = (event: PointerEvent) => {
      if (ref.current && !ref.current.contains(event.target as Node)) onClose();
    };
    document.addEventListener('pointerdown', onPointer, true);
    return () => document.removeEventListener('pointerdown', onPointer, true);
  }, [onClose]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const entries = [...(ref.current?.querySelectorAll<HTMLElement>('[role^="menuitem"]:not([aria-disabled="true"])') ?? [])];
    const at = entries.indexOf(document.activeElement as HTMLElement);
    const move = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: entries.length - 1 }[event.key];
    if (move === undefined || entries.length === 0) return;
    event.preventDefault();
    entries[(move + entries.length) % entries.length]?.focus();
  };

  return (
    <div
      ref={ref}
      role="menu"
      aria-label={label}
      className="menu"
      data-testid={testId}
      style={{ left: position.x, top: position.y }}
      onKeyDown={onKeyDown}
    >
      {items.map((item, index) => {
        if (item.kind === 'separator') return <div key={index} role="separator" className="menu-separator" />;
        if (item.kind === 'heading') {
          return (
            <div key={index} role="presentation" className="menu-heading">
              {item.label}
            </div>
          );
        }
        const kind = item.kind ?? 'action';
        const disabled = item.disabledReason != null;
        return (
          <button
            key={index}
            type="button"
            role={ROLES[kind]}
            className="menu-item"
            aria-checked={kind === 'action' ? undefined : item.checked === true}
            aria-disabled={disabled || undefined}
            title={item.disabledReason ?? undefined}
            data-testid={item.testId}
            onClick={() => {
              if (disabled) return;
              // Closed first: what the item does may open the next dialog.
              if (!item.keepOpen) onClose();
              item.onSelect();
            }}
          >
            <span className="menu-mark" aria-hidden="true">
              {kind === 'check' ? (item.checked ? '✓' : '') : kind === 'radio' ? (item.checked ? '●' : '') : ''}
            </span>
            <span className="menu-label">
              {item.label}
              {disabled && <span className="menu-reason">{item.disabledReason}</span>}
            </span>
            {item.shortcut && <kbd className="menu-shortcut">{item.shortcut}</kbd>}
          </button>
        );
      })}
    </div>
  );
}
