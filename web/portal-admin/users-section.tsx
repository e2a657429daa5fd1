/** @module The console's Users section: everyone listed with their role, a user added (the password typed twice), a role changed, a user removed after a second click. The signed-in admin cannot demote or remove themselves. */
import { useEffect, useState } from 'preact/hooks';
import { adminApi, type AdminUser } from './admin-api.ts';
import { ConfirmButton, Outcome } from './parts.tsx';
import { useAction } from './use-action.ts';

function AddUser({ onAdded }: { onAdded: () => void }) {
  const add = useAction<{ user: AdminUser }>();
  const [name, setName] = useState('');
  const [role, setRole] = useState<AdminUser['role']>('member');
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const mismatch = again !== '' && password !== again;

  const submit = async (e: Event) => {
    e.preventDefault();
    if (password !== again) return;
    if (await add.run(() => adminApi.addUser(name.trim(), role, password))) {
      setName('');
      setPassword('');
      setAgain('');
      onAdded();
    }
  };

  return (
    <form class="add-user" onSubmit={(e) => void submit(e)} aria-label="Add a user">
      <label>
        New user's name
        <input name="new-name" autocomplete="off" autocapitalize="none" spellcheck={false} required value={name} onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <label>
        Role
        <select name="new-role" value={role} onChange={(e) => setRole(e.currentTarget.value as AdminUser['role'])}>
          <option value="member">member</option>
          <option value="admin">admin</option>
        </select>
      </label>
      <label>
        Password
        <input name="new-password" type="password" autocomplete="new-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
      </label>
      <label>
        Password again
        <input name="new-password-again" type="password" autocomplete="new-password" required value={again} onInput={(e) => setAgain(e.currentTarget.value)} />
      </label>
      {mismatch && (
        <p class="error" role="alert">
          The two passwords differ.
        </p>
      )}
      <button type="submit" class="primary" disabled={mismatch || add.view.kind === 'busy'}>
        Add user
      </button>
      <Outcome view={add.view} done={(r) => `Added ${r.user.role} ${r.user.name}.`} />
    </form>
  );
}

export function UsersSection({ me }: { me: string }) {
  const list = useAction<AdminUser[]>();
  const change = useAction<string>();
  const load = () => void list.run(adminApi.users);
  useEffect(load, []);
  const users = list.view.kind === 'done' ? list.view.value : [];

  const setRole = (user: AdminUser, role: AdminUser['role']) => void change.run(() => adminApi.setRole(user.name, role).then((r) => `${r.user.name} is ${r.user.role === 'admin' ? 'an admin' : 'a member'} now; their sessions ended.`)).then(load);
  const remove = (user: AdminUser) => void change.run(() => adminApi.removeUser(user.name).then((r) => `Removed ${r.removed}.`)).then(load);

  return (
    <section class="panel" aria-labelledby="users-title">
      <h2 id="users-title">Users</h2>
      <Outcome view={change.view} done={(text) => text} />
      {list.view.kind !== 'done' && <Outcome view={list.view} done={() => null} />}
      <ul class="rows">
        {users.map((u) => (
          <li key={u.name}>
            <span class="grow">
              <strong>{u.name}</strong>
              {u.name === me && <small> (you)</small>}
            </span>
            <select aria-label={`Role of ${u.name}`} value={u.role} disabled={u.name === me} onChange={(e) => setRole(u, e.currentTarget.value as AdminUser['role'])}>
              <option value="member">member</option>
              <option value="admin">admin</option>
            </select>
            <ConfirmButton label="Remove" question={`Remove ${u.name}?`} disabled={u.name === me} onConfirm={() => remove(u)} />
          </li>
        ))}
      </ul>
      <AddUser onAdded={load} />
    </section>
  );
}
