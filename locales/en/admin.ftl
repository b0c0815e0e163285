## The newsroom (/admin)

admin-brand = Revista Newsroom
admin-nav-label = Newsroom
admin-nav-dashboard = Overview
admin-nav-articles = Articles
admin-nav-staff = Staff
admin-nav-audit = Audit log
admin-nav-account = My account
admin-view-site = View the site
admin-logout = Sign out
admin-back-to-newsroom = Back to the newsroom
admin-role-contributor = Contributor
admin-role-author = Author
admin-role-editor = Editor
admin-role-admin = Administrator
admin-lang-sq = Albanian
admin-lang-en = English

admin-login-title = Sign in
admin-login-submit = Sign in
admin-login-failed = The e-mail address or the password is wrong.
admin-login-throttled = Too many failed attempts. Try again in { $minutes } { $minutes ->
    [one] minute
   *[other] minutes
  }.
admin-email = E-mail address
admin-password = Password
admin-name = Name
admin-new-password = New password
admin-new-password-again = New password, again
admin-current-password = Current password
admin-password-hint = At least 10 characters. A sentence you will remember works well.

admin-invite-title = Join the newsroom
admin-invite-intro = You are invited as { $role } with the address { $email }. Choose your name as colleagues will see it, and a password.
admin-invite-invalid = This invitation link is not valid: it was already used, withdrawn, or it has expired. Ask an administrator for a new one.
admin-invite-submit = Create my account

admin-dashboard-title = Overview
admin-dashboard-hello = Welcome, { $name }.
admin-counts-everyone = Articles of the newsroom
admin-counts-mine = My articles
admin-recent = Recently updated
admin-all-articles = All articles
admin-no-articles = No articles here yet.
admin-articles-title = Articles
admin-articles-count = { $count ->
    [one] One article
   *[other] { $count } articles
  }
admin-only-yours = only articles you started or wrote
admin-any = Any
admin-filter = Filter
admin-pages = Pages
admin-prev = Previous
admin-next = Next
admin-older = Older entries
admin-page-of = Page { $page } of { $pages }
admin-col-title = Title
admin-col-language = Language
admin-col-status = Status
admin-col-authors = Authors
admin-col-updated = Updated
admin-col-role = Role
admin-col-state = State
admin-col-actions = Actions
admin-col-browser = Browser
admin-col-address = Address
admin-col-signed-in = Signed in
admin-col-last-seen = Last active
admin-col-when = When
admin-col-who = Who
admin-col-what = What
admin-col-detail = Detail
admin-status-draft = Draft
admin-status-in-review = In review
admin-status-scheduled = Scheduled
admin-status-published = Published
admin-status-unpublished = Unpublished

admin-account-title = My account
admin-change-password = Change password
admin-interface-language = Language of the newsroom
admin-save = Save
admin-sessions = Where you are signed in
admin-sessions-hint = Sign out any browser you do not recognise. Changing the password signs out every other browser too.
admin-this-browser = this browser
admin-sign-out-this = Sign out
admin-sign-out-everywhere = Sign out everywhere else

admin-staff-title = Staff
admin-you = you
admin-state-active = Active
admin-state-disabled = Disabled
admin-disable = Disable
admin-enable = Enable
admin-invite-someone = Invite someone
admin-invite-create = Create invitation link
admin-invite-link-title = Invitation link
admin-invite-link-text = Send this link to the person you invited. It works once, for seven days; it is shown only now.
admin-open-invites = Open invitations
admin-no-invites = No open invitations.
admin-until = until { $date }
admin-withdraw = Withdraw

admin-audit-title = Audit log
admin-audit-empty = Nothing has been recorded yet.
admin-audit-login = Signed in
admin-audit-login-failed = Failed sign-in
admin-audit-logout = Signed out
admin-audit-invite-created = Invited someone
admin-audit-invite-accepted = Accepted an invitation
admin-audit-invite-withdrawn = Withdrew an invitation
admin-audit-role-changed = Changed a role
admin-audit-staff-disabled = Disabled an account
admin-audit-staff-enabled = Enabled an account
admin-audit-password-changed = Changed their password
admin-audit-language-changed = Changed their language
admin-audit-session-ended = Signed out a browser
admin-audit-sessions-ended = Signed out everywhere else
admin-audit-user-created = Account created from the command line

admin-done-signed-out = You have signed out.
admin-done-welcome = Welcome to the newsroom.
admin-done-password-changed = Your password has been changed; every other browser is signed out.
admin-done-language-changed = The language has been changed.
admin-done-session-ended = That browser has been signed out.
admin-done-sessions-ended = Every other browser has been signed out.
admin-done-invite-created = The invitation has been created.
admin-done-invite-withdrawn = The invitation has been withdrawn.
admin-done-role-changed = The role has been changed.
admin-done-staff-disabled = The account has been disabled and signed out everywhere.
admin-done-staff-enabled = The account has been enabled.

admin-error-name = Give a name of 1 to 120 characters.
admin-error-email = Give a valid e-mail address.
admin-error-email-taken = Someone on the staff already has this e-mail address.
admin-error-role = Choose one of the roles.
admin-error-password-mismatch = The two new passwords are not the same.
admin-error-password-too-short = The password must have at least 10 characters.
admin-error-password-too-long = The password must have at most 256 characters.
admin-error-password-guessable = The password is too easy to guess: do not use your name or e-mail address.
admin-error-current-password = The current password is wrong.

error-unauthorized-title = Please sign in
error-unauthorized-text = Your session has ended. Sign in again and repeat what you were doing.
error-cross-site-title = Request refused
error-cross-site-text = This request came from another site, so it was refused to protect your account.
error-bad-form-token-title = The form has expired
error-bad-form-token-text = The form was too old or came from elsewhere. Go back, reload the page and try again.
error-not-allowed-title = Not allowed
error-not-allowed-text = Your role does not allow this. Ask an editor or an administrator.
error-last-admin-title = The last administrator
error-last-admin-text = The newsroom needs at least one active administrator: make someone else an administrator first.
error-not-yourself-title = Not on your own account
error-not-yourself-text = You cannot disable your own account.
error-invite-taken-title = Address already in use
error-invite-taken-text = An account with this e-mail address exists already. Sign in instead, or ask an administrator.
error-bad-filter-title = Bad request
error-bad-filter-text = The status or language chosen does not exist.
error-bad-role-title = Bad request
error-bad-role-text = That role does not exist.
error-bad-language-title = Bad request
error-bad-language-text = Choose Albanian or English.
error-too-many-title = Too many attempts
error-too-many-text = Wait a few minutes before you try again.
