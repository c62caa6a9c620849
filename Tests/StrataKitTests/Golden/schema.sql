CREATE TABLE public.accounts (
    id bigint GENERATED ALWAYS AS IDENTITY,
    email text NOT NULL,
    CONSTRAINT accounts_pkey PRIMARY KEY (id),
    CONSTRAINT accounts_email_key UNIQUE (email)
);
CREATE TABLE public.posts (
    id bigint GENERATED ALWAYS AS IDENTITY,
    author_id bigint,
    title text NOT NULL,
    price double precision,
    CONSTRAINT posts_pkey PRIMARY KEY (id)
);
CREATE TABLE public.profiles (
    account_id bigint NOT NULL,
    bio text,
    CONSTRAINT profiles_pkey PRIMARY KEY (account_id)
);
ALTER TABLE public.posts ADD CONSTRAINT posts_author_id_fkey FOREIGN KEY (author_id) REFERENCES public.accounts (id);
ALTER TABLE public.profiles ADD CONSTRAINT profiles_account_id_fkey FOREIGN KEY (account_id) REFERENCES public.accounts (id);
CREATE INDEX posts_author_id_idx ON public.posts (author_id);
