//! A deterministic large tenant: N users (up to 1,000,000) from a seed.
//!
//! Same N and seed, same tenant, so a benchmark, a training site and a bug report all see
//! the same users. Licences are laid out by construction within the seats (E3 or E1, never
//! both; only users with a usage location), so building 100,000 users stays fast enough to
//! do in the browser at start-up.

use std::sync::OnceLock;

use crate::build::{contoso, direct_dated, subscribe, Seats, EPOCH};
use crate::ids::IdSource;
use crate::model::User;
use crate::roles::Role;
use crate::tenant::Tenant;

/// The most users the generator makes.
pub const MAX_USERS: u32 = 1_000_000;

const FIRST: &[&str] = &[
    "Ada", "Ali", "Alice", "Amir", "Anna", "Ben", "Bram", "Carla", "Chen", "Daan", "David", "Elena", "Emma", "Eva",
    "Farah", "Finn", "Grace", "Hugo", "Ines", "Ivan", "Jade", "James", "Jin", "Julia", "Kai", "Lars", "Lea", "Liam",
    "Lina", "Lucas", "Maya", "Mila", "Noah", "Nora", "Omar", "Priya", "Rosa", "Sam", "Sara", "Sven", "Tara", "Tom",
    "Uma", "Vera", "Wei", "Yara", "Yusuf", "Zoe",
];
const LAST: &[&str] = &[
    "Adams", "Bakker", "Brown", "Chen", "Costa", "de Jong", "Dubois", "Garcia", "Hansen", "Ito", "Jansen", "Khan",
    "Kim", "Kowalski", "Lee", "Lopez", "Martin", "Meyer", "Müller", "Nguyen", "Novak", "Patel", "Peters", "Rossi",
    "Santos", "Schmidt", "Silva", "Smith", "Tanaka", "Visser", "Wang", "Wilson",
];
const DEPARTMENTS: &[&str] = &[
    "Sales",
    "Marketing",
    "Finance",
    "HR",
    "IT",
    "Engineering",
    "Support",
    "Operations",
    "Legal",
    "R&D",
];
const PLACES: &[(&str, &str, &str)] = &[
    ("US", "United States", "Seattle"),
    ("NL", "Netherlands", "Amsterdam"),
    ("GB", "United Kingdom", "London"),
    ("DE", "Germany", "Berlin"),
    ("FR", "France", "Paris"),
    ("CA", "Canada", "Toronto"),
    ("JP", "Japan", "Tokyo"),
    ("IN", "India", "Bengaluru"),
    ("BR", "Brazil", "São Paulo"),
    ("AU", "Australia", "Sydney"),
];
const PARTNERS: &[&str] = &[
    "fabrikam.com",
    "adatum.com",
    "northwindtraders.com",
    "litware.com",
    "tailspintoys.com",
    "woodgrovebank.com",
];

/// Builds a tenant of `n` users (capped at [`MAX_USERS`]) from `seed`. The first user is
/// the Global admin `admin@contoso.onmicrosoft.com`; about one in ten users is a guest.
pub fn generated_tenant(n: u32, seed: u64) -> Tenant {
    let n = n.clamp(1, MAX_USERS);
    let mut t = Tenant::new(contoso("Contoso (generated)"), seed);
    let scaled = |share: f64| ((f64::from(n) * share).ceil() as i32).max(5);
    subscribe(
        &mut t,
        "ENTERPRISEPACK",
        Seats {
            enabled: scaled(0.55),
            ..Seats::default()
        },
        false,
    );
    subscribe(
        &mut t,
        "STANDARDPACK",
        Seats {
            enabled: scaled(0.25),
            ..Seats::default()
        },
        false,
    );
    subscribe(
        &mut t,
        "ENTERPRISEPREMIUM",
        Seats {
            enabled: scaled(0.05),
            ..Seats::default()
        },
        false,
    );
    subscribe(
        &mut t,
        "EMSPREMIUM",
        Seats {
            enabled: scaled(0.2),
            warning: scaled(0.02),
            ..Seats::default()
        },
        false,
    );
    subscribe(
        &mut t,
        "AAD_PREMIUM_P2",
        Seats {
            enabled: scaled(0.1),
            ..Seats::default()
        },
        false,
    );
    subscribe(
        &mut t,
        "POWER_BI_STANDARD",
        Seats {
            enabled: 1_000_000,
            ..Seats::default()
        },
        false,
    );
    let mut rng = IdSource::new(seed.wrapping_mul(31).wrapping_add(7));
    t.reserve_users(n as usize);
    let e3_cap = scaled(0.5) as u32;
    let e1_cap = scaled(0.2) as u32;
    let (mut e3, mut e1) = (0u32, 0u32);
    let strings = strings();
    for i in 0..n {
        let mut user = if i == 0 {
            User {
                display_name: Some("Kelley Wall".into()),
                given_name: Some("Kelley".into()),
                surname: Some("Wall".into()),
                user_principal_name: "admin@contoso.onmicrosoft.com".into(),
                mail: Some("admin@contoso.onmicrosoft.com".into()),
                user_type: Some("Member".into()),
                account_enabled: Some(true),
                usage_location: Some("US".into()),
                department: Some("IT".into()),
                job_title: Some("IT Director".into()),
                created_date_time: Some(EPOCH.iso().into()),
                ..User::default()
            }
        } else {
            person(&mut rng, i, strings)
        };
        user.id = t.new_id();
        // `vec![]`, not a push: a first push makes room for four licences, kept by every user.
        if user.usage_location.is_some() && !user.is_guest() {
            let pick = rng.below(10);
            if pick < 6 && e3 < e3_cap {
                user.license_assignment_states = vec![direct_dated("ENTERPRISEPACK", strings.date(i))];
                e3 += 1;
            } else if pick < 8 && e1 < e1_cap {
                user.license_assignment_states = vec![direct_dated("STANDARDPACK", strings.date(i))];
                e1 += 1;
            }
        }
        t.insert_user(user);
    }
    let admin = t.user_at(0).id;
    t.grant_role(Role::GlobalAdministrator, admin);
    for (k, role) in [
        Role::LicenseAdministrator,
        Role::UserAdministrator,
        Role::BillingAdministrator,
        Role::GlobalReader,
    ]
    .into_iter()
    .enumerate()
    {
        if let Some(u) = t.all_users().get(k + 1) {
            let id = u.id;
            t.grant_role(role, id);
        }
    }
    t.portal = crate::azure::demo::demo_portal();
    t
}

/// Strings the generator reuses for every user, made once per program: formatting them
/// per user was half of the generator's time, and users borrow them instead of copying.
fn strings() -> &'static Strings {
    static STRINGS: OnceLock<Strings> = OnceLock::new();
    STRINGS.get_or_init(Strings::new)
}

struct Strings {
    first_handles: Vec<String>,
    last_handles: Vec<String>,
    dates: Vec<String>,
}

impl Strings {
    fn new() -> Self {
        let handle = |s: &str| s.to_lowercase().replace([' ', 'ü'], "");
        Strings {
            first_handles: FIRST.iter().map(|f| handle(f)).collect(),
            last_handles: LAST.iter().map(|l| handle(l)).collect(),
            dates: (0..DATE_SPREAD).map(|d| EPOCH.plus_days(d).iso()).collect(),
        }
    }

    fn date(&'static self, i: u32) -> &'static str {
        &self.dates[(i64::from(i) % DATE_SPREAD) as usize]
    }
}

/// Users are created over this many days after [`EPOCH`].
const DATE_SPREAD: i64 = 700;

fn push_number(s: &mut String, mut n: u32) {
    let mut digits = [0u8; 10];
    let mut len = 0;
    loop {
        digits[len] = b'0' + (n % 10) as u8;
        len += 1;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in digits[..len].iter().rev() {
        s.push(char::from(d));
    }
}

fn concat(parts: &[&str]) -> String {
    let mut s = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        s.push_str(p);
    }
    s
}

fn person(rng: &mut IdSource, i: u32, strings: &'static Strings) -> User {
    let f = rng.below(FIRST.len() as u64) as usize;
    let l = rng.below(LAST.len() as u64) as usize;
    let (first, last) = (FIRST[f], LAST[l]);
    let name = concat(&[first, " ", last]);
    // The handle (`ada.adams42`) is written straight into the address that starts with it,
    // with room for the rest: no copy of it is made and thrown away per user.
    let with_handle = |rest: usize| {
        let (fh, lh) = (&strings.first_handles[f], &strings.last_handles[l]);
        let mut s = String::with_capacity(fh.len() + 1 + lh.len() + 10 + rest);
        s.push_str(fh);
        s.push('.');
        s.push_str(lh);
        push_number(&mut s, i);
        s
    };
    let date = strings.date(i);
    let guest = rng.below(10) == 0;
    let (code, country, city) = PLACES[rng.below(PLACES.len() as u64) as usize];
    let located = rng.below(20) != 0;
    let mut u = User {
        display_name: Some(name),
        given_name: Some(first.into()),
        surname: Some(last.into()),
        account_enabled: Some(rng.below(50) != 0),
        created_date_time: Some(date.into()),
        ..User::default()
    };
    if guest {
        let domain = PARTNERS[rng.below(PARTNERS.len() as u64) as usize];
        const EXT: &str = "#EXT#@contoso.onmicrosoft.com";
        let mut upn = with_handle(1 + domain.len() + EXT.len());
        let handle = upn.len();
        upn.push('_');
        upn.push_str(domain);
        upn.push_str(EXT);
        let mail = concat(&[&upn[..handle], "@", domain]);
        u.user_principal_name = upn;
        u.other_mails = vec![mail.clone()];
        u.mail = Some(mail);
        u.user_type = Some("Guest".into());
        u.creation_type = Some("Invitation".into());
        u.external_user_state = Some(
            if rng.below(4) == 0 {
                "PendingAcceptance"
            } else {
                "Accepted"
            }
            .into(),
        );
        u.external_user_state_change_date_time = Some(date.into());
    } else {
        const DOMAIN: &str = "@contoso.com";
        let mut upn = with_handle(DOMAIN.len());
        upn.push_str(DOMAIN);
        u.user_principal_name = upn.clone();
        u.mail = Some(upn);
        u.user_type = Some("Member".into());
        u.department = Some(DEPARTMENTS[rng.below(DEPARTMENTS.len() as u64) as usize].into());
        u.company_name = Some("Contoso".into());
        u.city = Some(city.into());
        u.country = Some(country.into());
        u.usage_location = located.then(|| code.into());
    }
    u
}
