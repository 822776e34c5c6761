//! The demo tenant, Contoso, as the seed documents tell it.
//!
//! Kelley Wall (admin@contoso.onmicrosoft.com) is the Global admin, with Jane and Tricia
//! (seed 001) and Alain Charon (seed 004). Around them: members across departments and
//! countries (some without a usage location), guests from partner domains (accepted,
//! pending, one turned into a member), security groups with group licences and members in
//! error, an admin in each role, and real products with seats tight enough to run out, one
//! expiring and one suspended. Every licence goes through the engine's rules.

use crate::build::{contoso, licence, security_group, subscribe, Seats, EPOCH};
use crate::model::{Group, User};
use crate::roles::Role;
use crate::tenant::Tenant;

/// The seed the demo tenant's ids come from.
pub const DEMO_SEED: u64 = 2017;

struct Person {
    name: &'static str,
    upn: &'static str,
    dept: &'static str,
    title: &'static str,
    city: &'static str,
    country: &'static str,
    location: Option<&'static str>,
    synced: bool,
    enabled: bool,
}

const fn p(
    name: &'static str,
    upn: &'static str,
    dept: &'static str,
    title: &'static str,
    city: &'static str,
    country: &'static str,
    location: Option<&'static str>,
) -> Person {
    Person {
        name,
        upn,
        dept,
        title,
        city,
        country,
        location,
        synced: false,
        enabled: true,
    }
}

const fn synced(mut x: Person) -> Person {
    x.synced = true;
    x
}

const fn blocked(mut x: Person) -> Person {
    x.enabled = false;
    x
}

const MEMBERS: &[Person] = &[
    p(
        "Kelley Wall",
        "admin@contoso.onmicrosoft.com",
        "IT",
        "IT Director",
        "Redmond",
        "United States",
        Some("US"),
    ),
    p(
        "Jane Clayton",
        "jane@contoso.com",
        "Finance",
        "Finance Manager",
        "Seattle",
        "United States",
        Some("US"),
    ),
    p(
        "Tricia Nguyen",
        "tricia@contoso.com",
        "Marketing",
        "Marketing Lead",
        "Seattle",
        "United States",
        Some("US"),
    ),
    p(
        "Alain Charon",
        "alain@contoso.com",
        "Sales",
        "Account Executive",
        "Paris",
        "France",
        Some("FR"),
    ),
    p(
        "Megan Bowen",
        "meganb@contoso.com",
        "IT",
        "License Administrator",
        "Redmond",
        "United States",
        Some("US"),
    ),
    p(
        "Nestor Wilke",
        "nestorw@contoso.com",
        "IT",
        "User Administrator",
        "Redmond",
        "United States",
        Some("US"),
    ),
    p(
        "Patti Fernandez",
        "pattif@contoso.com",
        "Finance",
        "Billing Administrator",
        "Redmond",
        "United States",
        Some("US"),
    ),
    p(
        "Lee Gu",
        "leeg@contoso.com",
        "Audit",
        "Auditor",
        "Vancouver",
        "Canada",
        Some("CA"),
    ),
    p(
        "Adele Vance",
        "adelev@contoso.com",
        "Sales",
        "Retail Manager",
        "Utrecht",
        "Netherlands",
        Some("NL"),
    ),
    p(
        "Alex Wilber",
        "alexw@contoso.com",
        "Marketing",
        "Marketing Assistant",
        "San Diego",
        "United States",
        Some("US"),
    ),
    p(
        "Diego Siciliani",
        "diegos@contoso.com",
        "HR",
        "HR Manager",
        "Birmingham",
        "United Kingdom",
        Some("GB"),
    ),
    p(
        "Grady Archie",
        "gradya@contoso.com",
        "R&D",
        "Designer",
        "Bloomington",
        "United States",
        Some("US"),
    ),
    p(
        "Henrietta Mueller",
        "henriettam@contoso.com",
        "R&D",
        "Developer",
        "Munich",
        "Germany",
        Some("DE"),
    ),
    p(
        "Isaiah Langer",
        "isaiahl@contoso.com",
        "Sales",
        "Sales Rep",
        "Tulsa",
        "United States",
        Some("US"),
    ),
    p(
        "Johanna Lorenz",
        "johannal@contoso.com",
        "Engineering",
        "Senior Engineer",
        "Berlin",
        "Germany",
        Some("DE"),
    ),
    p(
        "Joni Sherman",
        "jonis@contoso.com",
        "Legal",
        "Paralegal",
        "Charlotte",
        "United States",
        Some("US"),
    ),
    p(
        "Lidia Holloway",
        "lidiah@contoso.com",
        "Engineering",
        "Product Manager",
        "Tulsa",
        "United States",
        Some("US"),
    ),
    p(
        "Lynne Robbins",
        "lynner@contoso.com",
        "Retail",
        "Planner",
        "Amsterdam",
        "Netherlands",
        Some("NL"),
    ),
    p(
        "Miriam Graham",
        "miriamg@contoso.com",
        "Sales",
        "Director",
        "San Diego",
        "United States",
        Some("US"),
    ),
    p(
        "Pradeep Gupta",
        "pradeepg@contoso.com",
        "Finance",
        "Accountant",
        "Bengaluru",
        "India",
        Some("IN"),
    ),
    p(
        "Christie Cline",
        "christiec@contoso.com",
        "Sales",
        "Buyer",
        "San Diego",
        "United States",
        None,
    ),
    p(
        "Allan Deyoung",
        "allan@contoso.com",
        "IT",
        "IT Admin",
        "Waukesha",
        "United States",
        Some("US"),
    ),
    p(
        "Debra Berger",
        "debrab@contoso.com",
        "Executive Management",
        "Administrative Assistant",
        "Bellevue",
        "United States",
        Some("US"),
    ),
    p(
        "Enrico Cattaneo",
        "enricoc@contoso.com",
        "Legal",
        "Attorney",
        "Milan",
        "Italy",
        Some("IT"),
    ),
    p(
        "Irvin Sayers",
        "irvins@contoso.com",
        "Engineering",
        "Engineer",
        "Sydney",
        "Australia",
        Some("AU"),
    ),
    p(
        "Emily Braun",
        "emilyb@contoso.com",
        "Finance",
        "Budget Analyst",
        "Toronto",
        "Canada",
        None,
    ),
    p(
        "Sanne de Vries",
        "sanned@contoso.com",
        "Sales",
        "Account Manager",
        "Rotterdam",
        "Netherlands",
        Some("NL"),
    ),
    p(
        "Daan Jansen",
        "daanj@contoso.com",
        "Support",
        "Support Engineer",
        "Eindhoven",
        "Netherlands",
        None,
    ),
    p(
        "Wei Zhang",
        "weiz@contoso.com",
        "Finance",
        "Controller",
        "Shanghai",
        "China",
        Some("CN"),
    ),
    p(
        "Yuki Tanaka",
        "yukit@contoso.com",
        "Engineering",
        "Engineer",
        "Tokyo",
        "Japan",
        Some("JP"),
    ),
    p(
        "Lucas Silva",
        "lucass@contoso.com",
        "Sales",
        "Sales Rep",
        "São Paulo",
        "Brazil",
        Some("BR"),
    ),
    p(
        "Sofia Rossi",
        "sofiar@contoso.com",
        "Marketing",
        "Content Writer",
        "Rome",
        "Italy",
        Some("IT"),
    ),
    synced(p(
        "Pieter Bakker",
        "pieterb@contoso.com",
        "Operations",
        "Operations Manager",
        "Utrecht",
        "Netherlands",
        Some("NL"),
    )),
    synced(p(
        "Fatima Khan",
        "fatimak@contoso.com",
        "Support",
        "Support Agent",
        "Manchester",
        "United Kingdom",
        Some("GB"),
    )),
    synced(p(
        "Oliver Smith",
        "olivers@contoso.com",
        "Operations",
        "Logistics Coordinator",
        "Leeds",
        "United Kingdom",
        Some("GB"),
    )),
    synced(p(
        "Chloé Martin",
        "chloem@contoso.com",
        "HR",
        "Recruiter",
        "Lyon",
        "France",
        Some("FR"),
    )),
    synced(p(
        "Marco Bianchi",
        "marcob@contoso.com",
        "Support",
        "Support Agent",
        "Turin",
        "Italy",
        None,
    )),
    blocked(p(
        "Ravi Patel",
        "ravip@contoso.com",
        "Sales",
        "Former Sales Rep",
        "Pune",
        "India",
        Some("IN"),
    )),
    blocked(p(
        "Nora Lindqvist",
        "noral@contoso.com",
        "Engineering",
        "Contractor",
        "Stockholm",
        "Sweden",
        Some("SE"),
    )),
    p(
        "Tom Becker",
        "tomb@contoso.com",
        "Support",
        "Support Agent",
        "Hamburg",
        "Germany",
        Some("DE"),
    ),
];

struct Guest {
    name: &'static str,
    mail: &'static str,
    company: &'static str,
    accepted: bool,
    location: Option<&'static str>,
}

const GUESTS: &[Guest] = &[
    Guest {
        name: "Ana Costa",
        mail: "ana.costa@fabrikam.com",
        company: "Fabrikam",
        accepted: true,
        location: None,
    },
    Guest {
        name: "Ben Carter",
        mail: "ben.carter@fabrikam.com",
        company: "Fabrikam",
        accepted: true,
        location: Some("US"),
    },
    Guest {
        name: "Chen Wei",
        mail: "chen.wei@adatum.com",
        company: "Adatum",
        accepted: true,
        location: None,
    },
    Guest {
        name: "Dana Levi",
        mail: "dana.levi@adatum.com",
        company: "Adatum",
        accepted: false,
        location: None,
    },
    Guest {
        name: "Erik Nilsen",
        mail: "erik.nilsen@northwindtraders.com",
        company: "Northwind Traders",
        accepted: true,
        location: None,
    },
    Guest {
        name: "Femke Visser",
        mail: "femke.visser@northwindtraders.com",
        company: "Northwind Traders",
        accepted: false,
        location: None,
    },
    Guest {
        name: "Gabriel Dubois",
        mail: "gabriel.dubois@litware.com",
        company: "Litware",
        accepted: true,
        location: Some("FR"),
    },
    Guest {
        name: "Hana Sato",
        mail: "hana.sato@litware.com",
        company: "Litware",
        accepted: true,
        location: None,
    },
    Guest {
        name: "Ivan Petrov",
        mail: "ivan.petrov@tailspintoys.com",
        company: "Tailspin Toys",
        accepted: false,
        location: None,
    },
    Guest {
        name: "Julia Novak",
        mail: "julia.novak@tailspintoys.com",
        company: "Tailspin Toys",
        accepted: true,
        location: None,
    },
    Guest {
        name: "Kofi Mensah",
        mail: "kofi.mensah@woodgrovebank.com",
        company: "Woodgrove Bank",
        accepted: true,
        location: None,
    },
    Guest {
        name: "Laura Gómez",
        mail: "laura.gomez@woodgrovebank.com",
        company: "Woodgrove Bank",
        accepted: false,
        location: None,
    },
];

/// The name of the guest who was turned into a member (still `creationType` Invitation).
pub const CONVERTED_GUEST: &str = "Mateo Ruiz";

/// Builds the demo tenant.
pub fn demo_tenant() -> Tenant {
    let mut t = Tenant::new(contoso("Contoso"), DEMO_SEED);
    let sys = Tenant::system_actor();
    let mut at = EPOCH;
    for m in MEMBERS {
        let (given, surname) = m.name.split_once(' ').unwrap_or((m.name, ""));
        let user = User {
            id: t.new_id(),
            display_name: Some(m.name.into()),
            given_name: Some(given.into()),
            surname: Some(surname.into()),
            user_principal_name: m.upn.into(),
            mail: Some(m.upn.into()),
            user_type: Some("Member".into()),
            account_enabled: Some(m.enabled),
            usage_location: m.location.map(Into::into),
            department: Some(m.dept.into()),
            job_title: Some(m.title.into()),
            company_name: Some("Contoso".into()),
            city: Some(m.city.into()),
            country: Some(m.country.into()),
            business_phones: vec![],
            preferred_language: Some("en-US".into()),
            created_date_time: Some(at.iso().into()),
            on_premises_sync_enabled: m.synced.then_some(true),
            ..User::default()
        };
        t.insert_user(user);
        at = at.plus_days(3);
    }
    for g in GUESTS {
        let user = guest_user(&mut t, g.name, g.mail, g.company, g.accepted, g.location, at);
        t.insert_user(user);
        at = at.plus_days(5);
    }
    let mut converted = guest_user(
        &mut t,
        CONVERTED_GUEST,
        "mateo.ruiz@fabrikam.com",
        "Fabrikam",
        true,
        Some("ES"),
        at,
    );
    converted.user_type = Some("Member".into());
    t.insert_user(converted);

    for (role, upn) in [
        (Role::GlobalAdministrator, "admin@contoso.onmicrosoft.com"),
        (Role::LicenseAdministrator, "meganb@contoso.com"),
        (Role::UserAdministrator, "nestorw@contoso.com"),
        (Role::BillingAdministrator, "pattif@contoso.com"),
        (Role::GlobalReader, "leeg@contoso.com"),
    ] {
        if let Some(i) = t.find_user(upn) {
            let id = t.user_at(i).id;
            t.grant_role(role, id);
        }
    }

    subscribe(
        &mut t,
        "ENTERPRISEPACK",
        Seats {
            enabled: 28,
            ..Seats::default()
        },
        false,
    );
    subscribe(
        &mut t,
        "ENTERPRISEPREMIUM",
        Seats {
            enabled: 5,
            ..Seats::default()
        },
        false,
    );
    subscribe(
        &mut t,
        "STANDARDPACK",
        Seats {
            enabled: 12,
            ..Seats::default()
        },
        false,
    );
    subscribe(
        &mut t,
        "EMSPREMIUM",
        Seats {
            enabled: 6,
            warning: 2,
            ..Seats::default()
        },
        false,
    );
    subscribe(
        &mut t,
        "AAD_PREMIUM_P2",
        Seats {
            enabled: 10,
            ..Seats::default()
        },
        false,
    );
    subscribe(
        &mut t,
        "MCOMEETADV",
        Seats {
            enabled: 5,
            ..Seats::default()
        },
        false,
    );
    subscribe(
        &mut t,
        "POWER_BI_PRO",
        Seats {
            enabled: 3,
            ..Seats::default()
        },
        true,
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
    subscribe(
        &mut t,
        "FLOW_FREE",
        Seats {
            enabled: 10_000,
            ..Seats::default()
        },
        false,
    );
    subscribe(
        &mut t,
        "WORKPLACE_ANALYTICS",
        Seats {
            suspended: 10,
            ..Seats::default()
        },
        false,
    );
    subscribe(
        &mut t,
        "WINDOWS_STORE",
        Seats {
            enabled: 1_000_000,
            ..Seats::default()
        },
        false,
    );

    let e3 = licence("ENTERPRISEPACK", &[]);
    const DIRECT_E3: &[&str] = &[
        "admin@contoso.onmicrosoft.com",
        "jane@contoso.com",
        "tricia@contoso.com",
        "meganb@contoso.com",
        "nestorw@contoso.com",
        "pattif@contoso.com",
        "leeg@contoso.com",
        "adelev@contoso.com",
        "diegos@contoso.com",
        "gradya@contoso.com",
        "henriettam@contoso.com",
        "johannal@contoso.com",
        "jonis@contoso.com",
        "lidiah@contoso.com",
        "debrab@contoso.com",
        "enricoc@contoso.com",
        "irvins@contoso.com",
        "yukit@contoso.com",
        "pieterb@contoso.com",
        "chloem@contoso.com",
        "lynner@contoso.com",
    ];
    for upn in DIRECT_E3 {
        let _ = t.assign_license(&sys, upn, std::slice::from_ref(&e3), &[], at);
    }
    let extra: &[(&str, crate::model::AssignedLicense)] = &[
        ("admin@contoso.onmicrosoft.com", licence("ENTERPRISEPREMIUM", &[])),
        ("alexw@contoso.com", licence("ENTERPRISEPREMIUM", &[])),
        ("alain@contoso.com", licence("AAD_PREMIUM_P2", &[])),
        ("alain@contoso.com", licence("STANDARDPACK", &[])),
        ("admin@contoso.onmicrosoft.com", licence("AAD_PREMIUM_P2", &[])),
        ("jane@contoso.com", licence("MCOMEETADV", &[])),
        ("tricia@contoso.com", licence("POWER_BI_STANDARD", &[])),
        ("fatimak@contoso.com", licence("STANDARDPACK", &[])),
        ("olivers@contoso.com", licence("STANDARDPACK", &[])),
        ("tomb@contoso.com", licence("STANDARDPACK", &["SHAREPOINTSTANDARD"])),
        (
            "ben.carter_fabrikam.com#EXT#@contoso.onmicrosoft.com",
            licence("STANDARDPACK", &[]),
        ),
        ("pradeepg@contoso.com", licence("FLOW_FREE", &[])),
    ];
    for (upn, l) in extra {
        let _ = t.assign_license(&sys, upn, std::slice::from_ref(l), &[], at);
    }

    let ids = |t: &Tenant, upns: &[&str]| -> Vec<uuid::Uuid> {
        upns.iter()
            .filter_map(|u| t.find_user(u))
            .map(|i| t.user_at(i).id)
            .collect()
    };
    let groups: &[(&str, &str, &[&str], &[&str])] = &[
        (
            "Sales E3",
            "Sales staff get Office 365 E3 through this group.",
            &["ENTERPRISEPACK"],
            &[
                "isaiahl@contoso.com",
                "miriamg@contoso.com",
                "christiec@contoso.com",
                "sanned@contoso.com",
                "lucass@contoso.com",
                "adelev@contoso.com",
            ],
        ),
        (
            "Frontline E1",
            "Support and operations staff get Office 365 E1.",
            &["STANDARDPACK"],
            &[
                "daanj@contoso.com",
                "marcob@contoso.com",
                "tomb@contoso.com",
                "allan@contoso.com",
                "jonis@contoso.com",
            ],
        ),
        (
            "Finance E5",
            "Finance gets Office 365 E5 for Teams Phone and audio conferencing.",
            &["ENTERPRISEPREMIUM"],
            &["weiz@contoso.com", "emilyb@contoso.com"],
        ),
        (
            "EMS E5 pilot",
            "Pilot of Enterprise Mobility + Security E5.",
            &["EMSPREMIUM"],
            &[
                "admin@contoso.onmicrosoft.com",
                "meganb@contoso.com",
                "nestorw@contoso.com",
                "allan@contoso.com",
                "johannal@contoso.com",
                "lidiah@contoso.com",
                "yukit@contoso.com",
                "irvins@contoso.com",
                "gradya@contoso.com",
            ],
        ),
        (
            "All staff",
            "Everyone at Contoso; holds no licences.",
            &[],
            &[
                "jane@contoso.com",
                "tricia@contoso.com",
                "alain@contoso.com",
                "adelev@contoso.com",
                "alexw@contoso.com",
            ],
        ),
    ];
    for (name, description, parts, members) in groups {
        let group = security_group(&mut t, name, description, EPOCH);
        let gid = group.id.to_string();
        let member_ids = ids(&t, members);
        t.insert_group(group, member_ids);
        if !parts.is_empty() {
            let adds: Vec<_> = parts.iter().map(|p| licence(p, &[])).collect();
            let _ = t.assign_group_license(&sys, &gid, &adds, &[]);
        }
    }
    let marketing = Group {
        id: t.new_id(),
        display_name: "Marketing".into(),
        description: Some("Microsoft 365 group of the marketing team.".into()),
        security_enabled: false,
        mail_enabled: true,
        group_types: vec!["Unified".into()],
        mail_nickname: Some("marketing".into()),
        created_date_time: Some(EPOCH.iso()),
        ..Group::default()
    };
    let marketing_members = ids(&t, &["tricia@contoso.com", "alexw@contoso.com", "sofiar@contoso.com"]);
    t.insert_group(marketing, marketing_members);
    t.process_queue(at);

    // Oliver Smith left sync scope: soft-deleted, his licences kept but suspended.
    let _ = t.delete_user(&sys, "olivers@contoso.com", at.plus_days(1));
    t.portal = crate::azure::demo::demo_portal();
    t
}

fn guest_user(
    t: &mut Tenant,
    name: &'static str,
    mail: &str,
    company: &'static str,
    accepted: bool,
    location: Option<&'static str>,
    at: crate::time::Timestamp,
) -> User {
    let (given, surname) = name.split_once(' ').unwrap_or((name, ""));
    User {
        id: t.new_id(),
        display_name: Some(name.into()),
        given_name: Some(given.into()),
        surname: Some(surname.into()),
        user_principal_name: format!("{}#EXT#@contoso.onmicrosoft.com", mail.replace('@', "_")),
        mail: Some(mail.into()),
        other_mails: vec![mail.into()],
        user_type: Some("Guest".into()),
        external_user_state: Some(if accepted { "Accepted" } else { "PendingAcceptance" }.into()),
        external_user_state_change_date_time: Some(at.iso().into()),
        creation_type: Some("Invitation".into()),
        account_enabled: Some(true),
        usage_location: location.map(Into::into),
        company_name: Some(company.into()),
        created_date_time: Some(at.iso().into()),
        ..User::default()
    }
}
