//! Engine benchmark on a generated tenant: prints timings, asserts nothing.
//!
//! `cargo run --release -p tenant --example bench [users]` (default 100,000). Budgets (issue
//! 2): each filter under 5 ms; a group licence applied to 10,000 members under 50 ms. Last,
//! the worker's side of the app: opening the tenant and a page of guests as JSON, as the
//! page asks for it.

use std::time::{Duration, Instant};

use tenant::build::{licence, security_group, EPOCH};
use tenant::generate::generated_tenant;
use tenant::host::Host;
use tenant::query::{Filter, Prop, UserQuery};
use tenant::{Tenant, Timestamp};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn time_list(t: &Tenant, q: &UserQuery, runs: usize) -> (Duration, usize) {
    let mut times = Vec::new();
    let mut n = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let page = t.list_users(q, true, false).expect("query is valid");
        times.push(start.elapsed());
        n = page.count.unwrap_or(0);
    }
    (median(times), n)
}

fn main() {
    let users: u32 = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let start = Instant::now();
    let mut t = generated_tenant(users, 1);
    println!("generate {users} users: {:.1} ms", start.elapsed().as_secs_f64() * 1e3);

    let guests = UserQuery {
        filter: Some(Filter::eq(Prop::UserType, "Guest")),
        count: true,
        ..UserQuery::default()
    };
    let (d, n) = time_list(&t, &guests, 21);
    println!(
        "filter userType eq 'Guest' ($count, first page): median {:.3} ms, {n} matches (budget 5 ms)",
        d.as_secs_f64() * 1e3
    );
    let prefix = UserQuery {
        filter: Some(Filter::StartsWith(Prop::DisplayName, "Ali".into())),
        count: true,
        ..UserQuery::default()
    };
    let (d, n) = time_list(&t, &prefix, 21);
    println!(
        "filter startsWith(displayName,'Ali') ($count, first page): median {:.3} ms, {n} matches (budget 5 ms)",
        d.as_secs_f64() * 1e3
    );

    let sys = Tenant::system_actor();
    // A change to one user, then the view again: the index mends that user's entry instead
    // of being built again for every user.
    let mut times = Vec::new();
    for i in 0..21 {
        let upn = t.user_at(1 + i).user_principal_name.clone();
        let mut patch = serde_json::Map::new();
        patch.insert("accountEnabled".into(), false.into());
        let start = Instant::now();
        t.update_user(&sys, &upn, &patch).expect("the system may block anyone");
        t.list_users(&guests, true, false).expect("query is valid");
        times.push(start.elapsed());
    }
    println!(
        "block one user's sign-in, then the guests view again: median {:.3} ms",
        median(times).as_secs_f64() * 1e3
    );
    let group = security_group(&mut t, "Bench 10k", "benchmark", EPOCH);
    let gid = group.id.to_string();
    let members: Vec<_> = t.users().filter(|u| !u.is_guest()).take(10_000).map(|u| u.id).collect();
    t.insert_group(group, members.clone());
    // Users by id are found through a map built at the first lookup by id past the first
    // 1,000 users (those are searched in place), and a copy of a tenant copies it only once
    // built: built once here, as in a tenant in use, so that each copy below measures the
    // licence and not the map.
    assert!(members.last().is_some_and(|m| t.index_of(*m).is_some()));
    let mut times = Vec::new();
    for (i, part) in ["AAD_PREMIUM_P2", "EMSPREMIUM", "AAD_PREMIUM_P2"].iter().enumerate() {
        let mut copy = t.clone();
        let start = Instant::now();
        copy.assign_group_license(&sys, &gid, &[licence(part, &[])], &[])
            .expect("group licence is valid");
        copy.process_queue(Timestamp(1_763_800_000 + i as i64));
        times.push(start.elapsed());
    }
    let g = t.group_index(&gid).expect("group exists");
    println!(
        "group licence applied to {} members: median {:.1} ms (budget 50 ms)",
        t.groups()[g].members.len(),
        median(times).as_secs_f64() * 1e3
    );

    let mut host = Host::default();
    let open = format!(
        r#"{{"id":1,"body":{{"open":{{"start":{{"sandbox":{{"kind":"generated","users":{users},"seed":1}}}},"saved":null}}}}}}"#
    );
    let start = Instant::now();
    let opened = host.handle_json(&open);
    assert!(opened.contains("opened"), "{opened}");
    println!(
        "worker host: open the tenant: {:.1} ms",
        start.elapsed().as_secs_f64() * 1e3
    );
    host.handle_json(r#"{"id":2,"body":"warmUp"}"#);
    let list = r#"{"id":3,"body":{"request":{"request":{"method":"GET","url":"/users?$filter=userType%20eq%20%27Guest%27&$select=id,displayName,userPrincipalName,mail,userType,accountEnabled,usageLocation,assignedLicenses,licenseAssignmentStates&$top=50&$count=true","headers":[["ConsistencyLevel","eventual"],["Authorization","Bearer dev:admin@contoso.onmicrosoft.com"]],"body":null},"now":1796170904}}}"#;
    let mut times = Vec::new();
    for _ in 0..21 {
        let start = Instant::now();
        let answer = host.handle_json(list);
        times.push(start.elapsed());
        assert!(answer.contains("@odata.count"), "{answer}");
    }
    println!(
        "worker host: the first page of guests as JSON: median {:.2} ms",
        median(times).as_secs_f64() * 1e3
    );
}
