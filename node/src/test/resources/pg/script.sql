create table users (id serial primary key, name varchar(40) not null, email text unique, score numeric(6,2) default 0, joined date);
create index users_name_idx on users (name);
insert into users (name, email, score, joined) values ('ada', 'ada@example.com', 9.5, '2024-01-02'), ('bob', 'bob@example.com', 7.25, '2024-02-03'), ('cy', null, default, null);
select id, name, email, score, joined from users order by id;
\d users
\dt
\di
copy users (name, email, score) from stdin;
dee	dee@example.com	5
eve	\N	6.5
\.
select count(*), sum(score), max(name) from users;
update users set score = score + 1 where name = 'bob' returning id, score;
delete from users where email is null returning name;
copy (select id, name from users order by id) to stdout;
alter table users add column active boolean default true;
alter table users rename column joined to since;
select name, active, since from users where name < 'c' order by name;
begin;
insert into users (name) values ('tmp');
select count(*) from users;
rollback;
select count(*) from users;
select name, case when score > 8 then 'high' else 'low' end as band from users order by 2, 1;
select u.name, x.n from users u left join (select name, length(name) n from users where name like 'a%') x on x.name = u.name order by u.name;
drop table users;
\dt
