"use client";

import { ROLES, ROLE_DESCRIPTIONS, ROLE_LABELS, can, isRole, type Role } from "@/lib/permissions/table";

/** The roles a caller may hand out: owners only by an owner (owners:manage). */
export function assignableRoles(callerRole: Role): Role[] {
  return ROLES.filter((role) => role !== "owner" || can(callerRole, "owners:manage"));
}

/** A role picker; each option's description is in its title, and the chosen one is said under it when asked. */
export function RoleSelect({
  id,
  value,
  roles,
  onChange,
  disabled,
  label,
  describedBy,
}: {
  id?: string;
  value: Role;
  roles: Role[];
  onChange: (role: Role) => void;
  disabled?: boolean;
  /** An accessible name when there is no visible <label for>. */
  label?: string;
  describedBy?: string;
}) {
  return (
    <select
      id={id}
      value={value}
      disabled={disabled}
      aria-label={label}
      aria-describedby={describedBy}
      onChange={(event) => {
        if (isRole(event.target.value)) onChange(event.target.value);
      }}
      className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm shadow-sm focus:border-indigo-500 disabled:bg-slate-50 disabled:text-slate-500"
    >
      {roles.map((role) => (
        <option key={role} value={role} title={ROLE_DESCRIPTIONS[role]}>
          {ROLE_LABELS[role]}
        </option>
      ))}
    </select>
  );
}
