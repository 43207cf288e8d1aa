/**
 * One class's ordered targets: drag the handle, or focus it and press Space, arrows, Space (dnd-kit's
 * keyboard sensor, with its screen-reader announcements). Add and remove targets; pick the strategy.
 */
import { DndContext, KeyboardSensor, PointerSensor, closestCenter, useSensor, useSensors } from '@dnd-kit/core';
import type { DragEndEvent } from '@dnd-kit/core';
import { SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { useState } from 'react';
import { ROUTE_STRATEGIES } from '../../../shared/config/defaults';
import { moveItem } from './routing-doc';
import type { ListDraft } from './routing-doc';

function Row({ id, index, label, error, onRemove, canRemove }: { id: string; index: number; label: string; error: string | undefined; onRemove: () => void; canRemove: boolean }) {
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({ id });
  return (
    <li ref={setNodeRef} className={`target-row${isDragging ? ' is-dragging' : ''}${error ? ' has-error' : ''}`} style={{ transform: CSS.Transform.toString(transform), transition }} data-testid="target-row">
      <button type="button" className="drag-handle" aria-label={`Move ${label}, position ${index + 1}`} {...attributes} {...listeners}>
        ⠿
      </button>
      <span className="target-pos">{index + 1}</span>
      <span className="mono target-name">{label}</span>
      {error ? <span className="field-error">{error}</span> : null}
      <button type="button" className="btn btn-ghost btn-small" aria-label={`Remove ${label}`} disabled={!canRemove} onClick={onRemove}>
        Remove
      </button>
    </li>
  );
}

export function TargetList(props: { name: string; list: ListDraft; known: string[]; errorAt: (i: number) => string | undefined; onChange: (l: ListDraft) => void }) {
  const { list } = props;
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 4 } }), useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }));
  const [adding, setAdding] = useState('');
  const ids = list.targets.map((t, i) => `${t}#${i}`);
  const onDragEnd = (e: DragEndEvent) => {
    if (!e.over || e.active.id === e.over.id) return;
    const from = ids.indexOf(String(e.active.id));
    const to = ids.indexOf(String(e.over.id));
    if (from >= 0 && to >= 0) props.onChange({ ...list, targets: moveItem(list.targets, from, to) });
  };
  const available = props.known.filter((t) => !list.targets.includes(t));
  return (
    <div className="target-list">
      <label className="inline-field">
        <span>Strategy</span>
        <select value={list.strategy} onChange={(e) => props.onChange({ ...list, strategy: e.target.value as ListDraft['strategy'] })}>
          {ROUTE_STRATEGIES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd} accessibility={{ screenReaderInstructions: { draggable: 'To reorder, press Space, move with the arrow keys, and press Space again to drop. Escape cancels.' } }}>
        <SortableContext items={ids} strategy={verticalListSortingStrategy}>
          <ol className="targets" aria-label={`${props.name} targets`}>
            {list.targets.map((t, i) => (
              <Row key={ids[i]} id={ids[i]!} index={i} label={t} error={props.errorAt(i)} canRemove={list.targets.length > 1} onRemove={() => props.onChange({ ...list, targets: list.targets.filter((_, j) => j !== i) })} />
            ))}
          </ol>
        </SortableContext>
      </DndContext>
      <form
        className="target-add"
        onSubmit={(e) => {
          e.preventDefault();
          if (!adding) return;
          props.onChange({ ...list, targets: [...list.targets, adding] });
          setAdding('');
        }}
      >
        <label className="sr-only" htmlFor={`add-${props.name}`}>
          Add a target to {props.name}
        </label>
        <select id={`add-${props.name}`} value={adding} onChange={(e) => setAdding(e.target.value)}>
          <option value="">Add a target…</option>
          {available.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
        <button type="submit" className="btn btn-small" disabled={!adding}>
          Add
        </button>
      </form>
    </div>
  );
}
