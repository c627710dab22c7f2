// The page behind the link in invitation and password-reset emails: it sends the link's single-use token and
// the chosen password to POST /api/v1/auth/set-password. The token leaves the address bar at once.
(() => {
  const token = new URLSearchParams(window.location.search).get('token');
  window.history.replaceState(null, '', window.location.pathname);
  const form = document.getElementById('set-password');
  const outcome = document.getElementById('outcome');
  const say = (text, failed) => {
    outcome.textContent = text;
    outcome.className = failed ? 'failed' : 'done';
  };
  if (!token) {
    form.hidden = true;
    say('This link is incomplete: open the link from your email again. · Ce lien est incomplet.', true);
    return;
  }
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const password = form.elements.password.value;
    if (password !== form.elements.confirm.value) {
      say('The two passwords differ. · Les deux mots de passe diffèrent.', true);
      return;
    }
    form.querySelector('button').disabled = true;
    try {
      const response = await fetch('/api/v1/auth/set-password', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ token, password }),
      });
      if (response.ok) {
        form.hidden = true;
        say('Your password is set: you can now sign in. · Votre mot de passe est enregistré.', false);
        return;
      }
      const problem = await response.json().catch(() => null);
      const subject = (field) => (field === 'token' ? 'This link' : 'The password');
      const errors = problem && problem.errors ? problem.errors : [];
      const reasons = errors.map((error) => `${subject(error.field)} ${error.message}.`).join(' ');
      say(reasons || (problem && problem.detail) || 'The password could not be set.', true);
    } catch {
      say('The service could not be reached; try again. · Le service est injoignable.', true);
    } finally {
      form.querySelector('button').disabled = false;
    }
  });
})();
