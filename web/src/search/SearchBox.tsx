import { useQuery } from '@apollo/client/react';
import { useEffect, useId, useState, type KeyboardEvent, type ReactNode } from 'react';
import { graphql } from '../gql';
import { TEXT } from './search.texts';

const SuggestionsQuery = graphql(`
  query SearchSuggestions($text: String!) {
    topics(search: $text, first: 5) {
      edges {
        node {
          id
          labelDa
        }
      }
    }
    products(search: $text, first: 5) {
      edges {
        node {
          id
          name
        }
      }
    }
  }
`);

/** A topic or product the box suggests. */
export interface Suggestion {
  kind: 'topic' | 'product';
  id: string;
  label: string;
}

/** Letters typed before the box suggests anything. */
const MIN_LETTERS = 2;
/** How long the box waits after a key before asking, so typing fast asks once. */
const DEBOUNCE_MS = 150;

interface SearchBoxProps {
  id: string;
  name: string;
  label: string;
  hint: string;
  defaultValue: string;
  /** Called when the user picks a suggestion (Enter on it, or a click). */
  onChoose(suggestion: Suggestion): void;
  /** Shown beside the box (the submit button). */
  children?: ReactNode;
}

/**
 * The search box: an ARIA 1.2 combobox (editable, list autocomplete) whose listbox suggests topics
 * and products as the user types. Down and Up move through the suggestions, Enter picks the
 * highlighted one (or submits the form when none is), Escape closes the list and, pressed again,
 * empties the box. The focus stays in the box; `aria-activedescendant` points at the option.
 */
export function SearchBox({
  id,
  name,
  label,
  hint,
  defaultValue,
  onChoose,
  children,
}: SearchBoxProps) {
  const [value, setValue] = useState(defaultValue);
  const [debounced, setDebounced] = useState('');
  // Nothing is suggested for the words a page opens with, only for what the user types.
  const [typed, setTyped] = useState(false);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const listId = useId();
  const hintId = `${id}-hint`;

  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value.trim()), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [value]);

  const asking = typed && debounced.length >= MIN_LETTERS;
  const { data, previousData } = useQuery(SuggestionsQuery, {
    variables: { text: debounced },
    skip: !asking,
  });
  const shown = data ?? previousData;
  const suggestions: Suggestion[] =
    asking && shown
      ? [
          ...shown.topics.edges.map(({ node }) => ({
            kind: 'topic' as const,
            id: node.id,
            label: node.labelDa,
          })),
          ...shown.products.edges.map(({ node }) => ({
            kind: 'product' as const,
            id: node.id,
            label: node.name,
          })),
        ]
      : [];
  const expanded = open && suggestions.length > 0;
  const optionId = (index: number) => `${listId}-option-${index}`;

  function choose(suggestion: Suggestion) {
    setValue(suggestion.label);
    setOpen(false);
    setActive(-1);
    onChoose(suggestion);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        if (!expanded) {
          setOpen(true);
          setActive(event.altKey ? -1 : 0);
        } else {
          setActive((index) => (index + 1) % suggestions.length);
        }
        break;
      case 'ArrowUp':
        event.preventDefault();
        if (!expanded) {
          setOpen(true);
          setActive(suggestions.length - 1);
        } else {
          setActive((index) => (index <= 0 ? suggestions.length - 1 : index - 1));
        }
        break;
      case 'Enter':
        if (expanded && active >= 0 && suggestions[active]) {
          event.preventDefault();
          choose(suggestions[active]);
        } else {
          setOpen(false);
        }
        break;
      case 'Escape':
        if (expanded) {
          event.preventDefault();
          setOpen(false);
          setActive(-1);
        } else if (value) {
          event.preventDefault();
          setValue('');
        }
        break;
      default:
        break;
    }
  }

  return (
    <div className="form-group">
      <label className="form-label" htmlFor={id}>
        {label}
      </label>
      <span className="form-hint" id={hintId}>
        {hint}
      </span>
      <div className="app-search-row">
        <div className="app-combobox">
          <input
            className="form-input"
            id={id}
            name={name}
            type="text"
            role="combobox"
            aria-autocomplete="list"
            aria-expanded={expanded}
            aria-controls={listId}
            aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
            aria-describedby={hintId}
            autoComplete="off"
            spellCheck={false}
            value={value}
            onChange={(event) => {
              setValue(event.target.value);
              setTyped(true);
              setOpen(true);
              setActive(-1);
            }}
            onKeyDown={onKeyDown}
            onBlur={() => setOpen(false)}
          />
          <ul
            id={listId}
            role="listbox"
            aria-label={TEXT.suggestions}
            className="app-combobox-list"
            hidden={!expanded}
          >
            {suggestions.map((suggestion, index) => (
              <li
                key={`${suggestion.kind}:${suggestion.id}`}
                id={optionId(index)}
                role="option"
                aria-selected={index === active}
                className="app-combobox-option"
                // Keep the focus in the box: a click picks the option without blurring the input.
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => choose(suggestion)}
              >
                <span className="app-combobox-label">{suggestion.label}</span>
                <span className="app-combobox-kind">
                  {suggestion.kind === 'topic' ? TEXT.topicKind : TEXT.productKind}
                </span>
              </li>
            ))}
          </ul>
        </div>
        {children}
      </div>
      <p className="sr-only" role="status" aria-live="polite">
        {open && asking ? TEXT.suggestionCount(suggestions.length) : ''}
      </p>
    </div>
  );
}
